import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { ModuleDeps } from '#platform/module.ts';
import type { Ctx } from '#platform/ctx.ts';
import type { StaffRole } from '#platform/actor.ts';
import {
  HOLD_ACCESS_REASONS,
  HOLD_BASES,
  listLegalHolds,
  openHeldData,
  releaseLegalHold,
  type HoldBasis,
} from '#modules/privacy';
import { HoldBasisField, HoldReasonField, holdTargetOf, placeHold } from '#modules/rights';
import { staffTime as when, type AdminFrame } from './layout.tsx';
import { attempt, Csrf, NoteLine, Store, StoreSlug, type Note, type StaffPage } from './catalog-pages.tsx';

/** Legal holds are compliance's alone (RT-5). */
const HOLD_ROLES: readonly StaffRole[] = ['compliance'];

const BASIS_LABEL: Record<HoldBasis, string> = {
  litigation: 'Litigation (a court case or a dispute)',
  authority_request: 'A request from an authority',
  tax_audit: 'A tax audit',
  fraud_investigation: 'A fraud investigation',
};

/**
 * The legal-holds page (RT-5): the holds standing and released, placing one by order number,
 * releasing one, and downloading a copy of the held data for the matter (audited).
 */
export function adminLegalHoldPages(
  app: Http,
  {
    staffPage,
    csrfCheck,
    inStore,
  }: { staffPage: StaffPage; csrfCheck: Http['csrfProtection']; inStore: ModuleDeps['inStore'] },
): void {
  const HoldsPage = async (ctx: Ctx, frame: AdminFrame, store: string, note?: Note) => {
    const holds = await listLegalHolds(ctx);
    const base = `/admin/s/${store}/legal-holds`;
    return (
      <>
        <NoteLine note={note} />
        <p class="muted">
          A hold keeps what a court, an authority or an audit needs beyond its retention rule: the person’s
          key is locked under the lock key, no staff view shows their details, no retention rule or erasure
          removes them, and their account cannot be used. Releasing a hold hands the data back to the rules.
        </p>
        {holds.length === 0 ? <p>No legal hold.</p> : null}
        {holds.map((h) => (
          <div class="card">
            <p>
              <strong>{h.reference}</strong> · {BASIS_LABEL[h.basis as HoldBasis] ?? h.basis} ·{' '}
              {h.releasedAt ? `released ${when(ctx, new Date(h.releasedAt))}` : 'standing'}
            </p>
            <p class="muted">
              Person <code>{h.subjectId}</code> · placed {when(ctx, new Date(h.placedAt))} by{' '}
              <code>{h.placedBy}</code>
            </p>
            {h.releasedAt ? null : (
              <div class="actions">
                <form method="post" action={`${base}/${h.id}/copy`} class="inline">
                  <Csrf frame={frame} />
                  <label>
                    Why a copy is needed
                    <select name="reason">
                      {Object.entries(HOLD_ACCESS_REASONS).map(([k, label]) => (
                        <option value={k}>{label}</option>
                      ))}
                    </select>
                  </label>
                  <button type="submit" class="primary">
                    Download a copy
                  </button>
                </form>
                <form method="post" action={`${base}/${h.id}/release`} class="inline">
                  <Csrf frame={frame} />
                  <button type="submit" class="danger">
                    Release the hold
                  </button>
                </form>
              </div>
            )}
          </div>
        ))}
        <form method="post" action={base} class="card">
          <h3>Place a hold</h3>
          <Csrf frame={frame} />
          <label>
            Order number (the hold covers the people the order is about; a member’s whole account)
            <input name="orderNumber" maxLength={40} autocomplete="off" />
          </label>
          <label>
            or a member’s exact e-mail address
            <input name="memberEmail" type="email" maxLength={254} autocomplete="off" />
          </label>
          <label>
            Basis
            <select name="basis">
              {HOLD_BASES.map((b) => (
                <option value={b}>{BASIS_LABEL[b]}</option>
              ))}
            </select>
          </label>
          <label>
            Case reference (letters, digits and dashes)
            <input name="reference" required maxLength={40} pattern="[A-Za-z0-9][A-Za-z0-9-]*" />
          </label>
          <button type="submit" class="primary">
            Place the hold
          </button>
        </form>
      </>
    );
  };

  app.get('/admin/s/:store/legal-holds', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, HOLD_ROLES, 'Legal holds', (ctx, frame) =>
      HoldsPage(ctx, frame, req.params.store),
    ),
  );

  app.post(
    '/admin/s/:store/legal-holds',
    {
      schema: {
        hide: true,
        params: Store,
        body: Type.Object({
          _csrf: Type.String(),
          orderNumber: Type.Optional(Type.String({ maxLength: 40 })),
          memberEmail: Type.Optional(Type.String({ maxLength: 254 })),
          basis: HoldBasisField,
          reference: Type.String({ minLength: 1, maxLength: 40 }),
        }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, HOLD_ROLES, 'Legal holds', async (ctx, frame) => {
        const note = await attempt(ctx, async (tx) => {
          const holds = await placeHold(tx, holdTargetOf(req.body), req.body);
          return `Hold placed on ${holds.length === 1 ? 'one person' : `${holds.length} people`}: their details are locked apart.`;
        });
        return HoldsPage(ctx, frame, req.params.store, note);
      }),
  );

  const HoldParams = Type.Object({
    store: StoreSlug,
    id: Type.String({ pattern: '^lgh_[0-9a-z]+$', maxLength: 40 }),
  });
  app.post(
    '/admin/s/:store/legal-holds/:id/release',
    {
      schema: { hide: true, params: HoldParams, body: Type.Object({ _csrf: Type.String() }) },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, HOLD_ROLES, 'Legal holds', async (ctx, frame) => {
        const note = await attempt(ctx, async (tx) => {
          const hold = await releaseLegalHold(tx, req.params.id);
          return `Hold ${hold.reference} released: the store’s rules apply to the data again.`;
        });
        return HoldsPage(ctx, frame, req.params.store, note);
      }),
  );

  // The copy is the body of the answer, as a download: it never sits in a page or a URL.
  app.post(
    '/admin/s/:store/legal-holds/:id/copy',
    {
      schema: {
        hide: true,
        params: HoldParams,
        body: Type.Object({
          _csrf: Type.String(),
          reason: HoldReasonField,
        }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const copy = await inStore(
        req,
        req.params.store,
        (ctx) => openHeldData(ctx, req.params.id, req.body.reason),
        {
          staff: HOLD_ROLES,
        },
      );
      return reply
        .header('cache-control', 'no-store')
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="legal-hold-${req.params.id}.json"`)
        .send(JSON.stringify(copy, null, 2));
    },
  );
}
