import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { Ctx } from '#platform/ctx.ts';
import type { StaffRole } from '#platform/actor.ts';
import {
  earliestEffectiveDay,
  POLICY_NOTICE_DAYS,
  publishPolicyVersion,
  type TenantDirectory,
} from '#modules/tenants';
import { storeDay } from '#modules/privacy';
import { type AdminFrame } from './layout.tsx';
import { attempt, Csrf, NoteLine, Store, type Note, type StaffPage } from './catalog-pages.tsx';

/** Who publishes a new privacy-policy version (PL-1, PL-2). */
export const POLICY_PAGE_ROLES: readonly StaffRole[] = ['owner', 'compliance'];

/**
 * The privacy policy's versions (PL-1, PL-2): those published, with their day and what changed,
 * and a form to publish the next one at least `POLICY_NOTICE_DAYS` ahead; members are e-mailed
 * before its day, and one that asks again for consent says so.
 */
export function adminPolicyPages(
  app: Http,
  {
    staffPage,
    csrfCheck,
    directory,
  }: { staffPage: StaffPage; csrfCheck: Http['csrfProtection']; directory: TenantDirectory },
): void {
  const PolicyPage = (ctx: Ctx, frame: AdminFrame, store: string, note?: Note) => {
    const today = storeDay(ctx.tenant.policy, ctx.now());
    const earliest = earliestEffectiveDay(ctx.tenant.policy, ctx.now());
    const versions = [...ctx.tenant.policy.policyVersions].reverse();
    return (
      <>
        <NoteLine note={note} />
        <p class="muted">
          A published version is never edited: publish the next one. It takes effect at the earliest{' '}
          {POLICY_NOTICE_DAYS} days after today, and every member is e-mailed before its day. Shoppers read
          every version at <a href={`/s/${store}/privacy/changes`}>the changes page</a>.
        </p>
        {versions.map((v) => (
          <div class="card">
            <p>
              <strong>Version {v.version}</strong> ·{' '}
              {v.effectiveOn <= today ? 'in effect since' : 'takes effect on'} {v.effectiveOn}
              {v.asksConsentAgain ? ' · asks again for consent' : ''}
            </p>
            <ul>
              {v.summary.map((line) => (
                <li>{line}</li>
              ))}
            </ul>
          </div>
        ))}
        <form method="post" action={`/admin/s/${store}/policy`} class="card">
          <h3>Publish a new version</h3>
          <Csrf frame={frame} />
          <label>
            Version name (letters, digits, dots, dashes)
            <input name="version" required maxLength={32} pattern="[0-9A-Za-z._\-]+" value={earliest} />
          </label>
          <label>
            Takes effect on (at the earliest {earliest})
            <input name="effectiveOn" type="date" required min={earliest} value={earliest} />
          </label>
          <label>
            What changes (one change a line, as shoppers will read it)
            <textarea name="summary" rows={4} required maxLength={6000}></textarea>
          </label>
          <label class="check">
            <input type="checkbox" name="asksConsentAgain" value="yes" />
            It changes what people agreed to (personalised suggestions): ask them again
          </label>
          <button type="submit" class="primary">
            Publish
          </button>
        </form>
      </>
    );
  };

  app.get('/admin/s/:store/policy', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, POLICY_PAGE_ROLES, 'Privacy policy', async (ctx, frame) =>
      PolicyPage(ctx, frame, req.params.store),
    ),
  );

  app.post(
    '/admin/s/:store/policy',
    {
      schema: {
        hide: true,
        params: Store,
        body: Type.Object({
          _csrf: Type.String(),
          version: Type.String({ maxLength: 32 }),
          effectiveOn: Type.String({ maxLength: 10 }),
          summary: Type.String({ maxLength: 6000 }),
          asksConsentAgain: Type.Optional(Type.Literal('yes')),
        }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, POLICY_PAGE_ROLES, 'Privacy policy', async (ctx, frame) => {
        let published: Awaited<ReturnType<typeof publishPolicyVersion>> | undefined;
        const note = await attempt(ctx, async (tx) => {
          published = await publishPolicyVersion(tx, {
            version: req.body.version.trim(),
            effectiveOn: req.body.effectiveOn,
            summary: req.body.summary
              .split(/\r?\n/)
              .map((l) => l.trim())
              .filter(Boolean),
            ...(req.body.asksConsentAgain ? { asksConsentAgain: true } : {}),
          });
          return `Version ${req.body.version.trim()} is published; members will be e-mailed before ${req.body.effectiveOn}.`;
        });
        if (published) directory.applyPolicyVersions(req.params.store, published);
        const fresh = published
          ? { ...ctx, tenant: { ...ctx.tenant, policy: { ...ctx.tenant.policy, policyVersions: published } } }
          : ctx;
        return PolicyPage(fresh, frame, req.params.store, note);
      }),
  );
}
