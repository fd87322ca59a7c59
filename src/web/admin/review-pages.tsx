import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { Ctx } from '#platform/ctx.ts';
import { moderateReview, pendingReviews } from '#modules/reviews';
import type { AdminFrame } from './layout.tsx';
import { attempt, Csrf, NoteLine, Store, StoreSlug, type Note, type StaffPage } from './catalog-pages.tsx';

/** The owner moderates verified buyers' reviews (SF-6): publish on the product page, or reject. */
export function adminReviewPages(
  app: Http,
  { staffPage, csrfCheck }: { staffPage: StaffPage; csrfCheck: Http['csrfProtection'] },
): void {
  const ReviewsPage = async (ctx: Ctx, frame: AdminFrame, store: string, note?: Note) => {
    const pending = await pendingReviews(ctx);
    return (
      <>
        <NoteLine note={note} />
        <p class="muted">
          Reviews by verified buyers, waiting for you. Published, a review shows its stars, its text and the
          buyer’s nickname (or “Verified buyer”) — nothing else about them. Each one you open here is recorded
          in the audit log.
        </p>
        {pending.length === 0 ? <p>No review is waiting.</p> : null}
        <div class="cards">
          {pending.map((r) => (
            <div class="card" data-review={r.id}>
              <p>
                {'★'.repeat(r.rating)}
                {'☆'.repeat(5 - r.rating)} · {r.name ?? '(erased)'}
              </p>
              <p>{r.text ?? '(erased)'}</p>
              <form method="post" action={`/admin/s/${store}/reviews/${r.id}/publish`} class="inline">
                <Csrf frame={frame} />
                <button type="submit">Publish</button>
              </form>{' '}
              <form method="post" action={`/admin/s/${store}/reviews/${r.id}/reject`} class="inline">
                <Csrf frame={frame} />
                <button type="submit">Reject</button>
              </form>
            </div>
          ))}
        </div>
      </>
    );
  };
  app.get('/admin/s/:store/reviews', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, ['owner'], 'Reviews', (ctx, frame) =>
      ReviewsPage(ctx, frame, req.params.store),
    ),
  );
  for (const decision of ['publish', 'reject'] as const)
    app.post(
      `/admin/s/:store/reviews/:id/${decision}`,
      {
        schema: {
          hide: true,
          params: Type.Object({ store: StoreSlug, id: Type.String({ maxLength: 40 }) }),
          body: Type.Object({ _csrf: Type.String() }),
        },
        preHandler: csrfCheck,
      },
      (req, reply) =>
        staffPage(req, reply, req.params.store, ['owner'], 'Reviews', async (ctx, frame) => {
          const note = await attempt(ctx, async (tx) => {
            const status = await moderateReview(tx, req.params.id, decision);
            return status === 'published' ? 'Published on the product page.' : 'Rejected.';
          });
          return ReviewsPage(ctx, frame, req.params.store, note);
        }),
    );
}
