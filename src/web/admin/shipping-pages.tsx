import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { Ctx } from '#platform/ctx.ts';
import type { ModuleDeps } from '#platform/module.ts';
import type { StaffRole } from '#platform/actor.ts';
import { parcelLabel, recentParcels, shipOrder, DEFAULT_WEIGHT_GRAMS } from '#modules/shipping';
import { money, staffTime as when, type AdminFrame } from './layout.tsx';
import { markReturnReceived, recentReturns, refundReturn, rejectReturn } from '#modules/returns';
import {
  attempt,
  centsOf,
  Csrf,
  NoteLine,
  Store,
  StoreSlug,
  type Note,
  type StaffPage,
} from './catalog-pages.tsx';

/** Who follows parcels in the back office (the shipments API's roles). */
export const PARCEL_ROLES: readonly StaffRole[] = ['warehouse', 'owner', 'customer_service', 'compliance'];
const SHIPPERS: readonly StaffRole[] = ['warehouse', 'owner'];

/** The form on a packing-queue card that ships the order: weight, then the carrier's label. */
export const ShipForm = ({ frame, store, number }: { frame: AdminFrame; store: string; number: string }) => (
  <form method="post" action={`/admin/s/${store}/packing/${number}/ship`} class="inline">
    <Csrf frame={frame} />
    <label>
      Weight (g){' '}
      <input
        name="weightGrams"
        type="number"
        min="1"
        max="70000"
        step="1"
        value={String(DEFAULT_WEIGHT_GRAMS)}
        required
        class="narrow"
      />
    </label>{' '}
    <button type="submit">Ship — buy the label</button>
  </form>
);

/**
 * Parcels in the back office (CK-4): the warehouse ships from the packing queue (the carrier's
 * label through the sharing gate), prints the label, and everyone who follows parcels sees their
 * scans, the promised day and which are late.
 */
export function adminShippingPages(
  app: Http,
  {
    staffPage,
    csrfCheck,
    inStore,
  }: { staffPage: StaffPage; csrfCheck: Http['csrfProtection']; inStore: ModuleDeps['inStore'] },
): void {
  const ParcelsPage = async (ctx: Ctx, frame: AdminFrame, store: string, note?: Note) => {
    const parcels = await recentParcels(ctx, 100);
    const late = parcels.filter((p) => p.late).length;
    const printsLabels = frame.role === 'warehouse' || frame.role === 'compliance';
    return (
      <>
        <NoteLine note={note} />
        <p class="muted">
          Newest first. Each parcel is promised within {ctx.tenant.policy.deliveryDays.max} days of leaving;
          the delivery watch flags those that are not delivered by then. Addresses are on the labels only.
        </p>
        {late > 0 ? (
          <p class="error" role="alert">
            {late} {late === 1 ? 'parcel is' : 'parcels are'} late: follow {late === 1 ? 'it' : 'them'} up
            with the carrier.
          </p>
        ) : null}
        {parcels.length === 0 ? <p>No parcel has left yet.</p> : null}
        {parcels.length > 0 ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Order</th>
                  <th>Parcel</th>
                  <th>Status</th>
                  <th>Left</th>
                  <th>Promised by</th>
                  <th>Last scan</th>
                </tr>
              </thead>
              <tbody>
                {parcels.map((p) => {
                  const last = p.events.at(-1);
                  return (
                    <tr class={p.late ? 'late' : undefined}>
                      <td>{p.orderNumber}</td>
                      <td>
                        {p.direction === 'return' ? 'Return · ' : ''}
                        {p.carrier} <code>{p.trackingNumber}</code>
                        {p.customsDeclared ? ' · customs' : ''}
                        {printsLabels ? (
                          <>
                            {' '}
                            <a href={`/admin/s/${store}/parcels/${p.trackingNumber}/label`}>Label</a>
                          </>
                        ) : null}
                      </td>
                      <td>
                        {p.late ? <span class="badge late">Late</span> : null} {p.statusLabel}
                      </td>
                      <td>{when(ctx, p.shippedAt)}</td>
                      <td>{p.expectedBy ? when(ctx, p.expectedBy) : '—'}</td>
                      <td>{last ? `${last.label} · ${last.location} · ${when(ctx, last.at)}` : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </>
    );
  };

  app.get('/admin/s/:store/parcels', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, PARCEL_ROLES, 'Parcels', (ctx, frame) =>
      ParcelsPage(ctx, frame, req.params.store),
    ),
  );

  app.post(
    '/admin/s/:store/packing/:number/ship',
    {
      schema: {
        hide: true,
        params: Type.Object({ store: StoreSlug, number: Type.String({ maxLength: 20 }) }),
        body: Type.Object({ _csrf: Type.String(), weightGrams: Type.String({ maxLength: 6 }) }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, SHIPPERS, 'Parcels', async (ctx, frame) => {
        const weight = Number(req.body.weightGrams);
        const note = await attempt(ctx, async (tx) => {
          const parcel = await shipOrder(tx, req.params.number, {
            weightGrams: Number.isInteger(weight) ? weight : -1,
          });
          return parcel.created
            ? `Order ${parcel.number} is shipped with ${parcel.carrier}: tracking number ${parcel.trackingNumber}${
                parcel.customsDeclared ? ' (customs declaration attached)' : ''
              }. Print its label below.`
            : `Order ${parcel.number} had already shipped: tracking number ${parcel.trackingNumber}.`;
        });
        return ParcelsPage(ctx, frame, req.params.store, note);
      }),
  );

  // The label: an image of the carrier's SVG (an <img> never runs what an SVG might carry).
  app.get(
    '/admin/s/:store/parcels/:tracking/label',
    {
      schema: {
        hide: true,
        params: Type.Object({ store: StoreSlug, tracking: Type.String({ maxLength: 40 }) }),
      },
    },
    (req, reply) =>
      staffPage(
        req,
        reply,
        req.params.store,
        ['warehouse', 'compliance'],
        `Label ${req.params.tracking}`,
        async () => (
          <>
            <p class="muted">Opening this label is recorded in the audit log. Print it at 4×6 inches.</p>
            <img
              class="parcel-label"
              src={`/admin/s/${req.params.store}/parcels/${req.params.tracking}/label.svg`}
              alt={`Shipping label of parcel ${req.params.tracking}`}
              width="400"
              height="600"
            />
          </>
        ),
      ),
  );
  app.get(
    '/admin/s/:store/parcels/:tracking/label.svg',
    {
      config: { auth: { staff: ['warehouse', 'compliance'] as const } },
      schema: {
        hide: true,
        params: Type.Object({ store: StoreSlug, tracking: Type.String({ maxLength: 40 }) }),
      },
    },
    async (req, reply) => {
      const svg = await inStore(req, req.params.store, (ctx) => parcelLabel(ctx, req.params.tracking));
      return reply
        .header('cache-control', 'no-store')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .type('image/svg+xml')
        .send(svg);
    },
  );
}

/** Who handles returns in the back office. */
export const RETURN_ROLES: readonly StaffRole[] = [
  'warehouse',
  'customer_service',
  'finance',
  'owner',
  'compliance',
];

/**
 * Returns in the back office (CK-5): the warehouse marks parcels received, finance refunds (all,
 * or part) or refuses, customer service and finance watch the review clock (late ones flagged).
 */
export function adminReturnPages(
  app: Http,
  { staffPage, csrfCheck }: { staffPage: StaffPage; csrfCheck: Http['csrfProtection'] },
): void {
  const ReturnsPage = async (ctx: Ctx, frame: AdminFrame, store: string, note?: Note) => {
    const returns = await recentReturns(ctx, 100);
    const late = returns.filter((r) => r.reviewLate).length;
    const day = (d: Date) =>
      new Intl.DateTimeFormat('en-US', {
        month: 'short',
        day: 'numeric',
        timeZone: ctx.calendar.rules.timeZone,
      }).format(d);
    const receives = frame.role === 'warehouse' || frame.role === 'owner';
    const decides = frame.role === 'finance' || frame.role === 'owner';
    const { min, max } = ctx.tenant.policy.refundReviewWorkingDays;
    return (
      <>
        <NoteLine note={note} />
        <p class="muted">
          Newest first. Once a parcel is received, the refund is decided within {min}–{max} working days
          (weekends and the store’s holidays do not count); reviews past their last day are flagged.
        </p>
        {late > 0 ? (
          <p class="error" role="alert">
            {late} refund {late === 1 ? 'review is' : 'reviews are'} past the deadline.
          </p>
        ) : null}
        {returns.length === 0 ? <p>No return yet.</p> : null}
        <div class="cards">
          {returns.map((r) => (
            <div class={r.reviewLate ? 'card late' : 'card'} data-return={r.id}>
              <strong>{r.orderNumber}</strong> <span class="badge">{r.statusLabel}</span>{' '}
              {r.reviewLate ? <span class="badge late">Review late</span> : null}
              <p>
                {r.reasonLabel} · requested {day(r.requestedAt)}
                {r.receivedAt ? ` · received ${day(r.receivedAt)}` : ''}
                {r.reviewDueBy && r.status === 'received' ? ` · decide by ${day(r.reviewDueBy)}` : ''}
              </p>
              {r.note ? <p class="muted">“{r.note}”</p> : null}
              <ul>
                {r.lines.map((l) => (
                  <li>
                    {l.quantity} × {l.sku} {l.productName}
                  </li>
                ))}
              </ul>
              {r.valueCents !== undefined ? (
                <p>
                  Value {money(r.valueCents, r.currency)}
                  {r.refundedCents ? ` · refunded ${money(r.refundedCents, r.currency)}` : ''}
                </p>
              ) : null}
              {r.status === 'requested' && receives ? (
                <form method="post" action={`/admin/s/${store}/returns/${r.id}/receive`} class="inline">
                  <Csrf frame={frame} />
                  <button type="submit">Mark received</button>
                </form>
              ) : null}
              {r.status === 'received' && decides ? (
                <>
                  <form method="post" action={`/admin/s/${store}/returns/${r.id}/refund`} class="inline">
                    <Csrf frame={frame} />
                    <label>
                      Amount ($){' '}
                      <input
                        name="amount"
                        value={((r.valueCents ?? 0) / 100).toFixed(2)}
                        inputMode="decimal"
                        class="narrow"
                        required
                      />
                    </label>{' '}
                    <button type="submit">Refund</button>
                  </form>{' '}
                  <form method="post" action={`/admin/s/${store}/returns/${r.id}/reject`} class="inline">
                    <Csrf frame={frame} />
                    <input
                      name="reason"
                      placeholder="Why not (about the goods)"
                      minLength={3}
                      maxLength={300}
                      required
                    />{' '}
                    <button type="submit">Refuse</button>
                  </form>
                </>
              ) : null}
            </div>
          ))}
        </div>
      </>
    );
  };

  app.get('/admin/s/:store/returns', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, RETURN_ROLES, 'Returns', (ctx, frame) =>
      ReturnsPage(ctx, frame, req.params.store),
    ),
  );
  const ReturnParams = Type.Object({ store: StoreSlug, id: Type.String({ maxLength: 40 }) });
  app.post(
    '/admin/s/:store/returns/:id/receive',
    {
      schema: { hide: true, params: ReturnParams, body: Type.Object({ _csrf: Type.String() }) },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, ['warehouse', 'owner'], 'Returns', async (ctx, frame) => {
        const note = await attempt(ctx, async (tx) => {
          const r = await markReturnReceived(tx, req.params.id);
          return `The return of order ${r.orderNumber} is received: the refund review has started.`;
        });
        return ReturnsPage(ctx, frame, req.params.store, note);
      }),
  );
  app.post(
    '/admin/s/:store/returns/:id/refund',
    {
      schema: {
        hide: true,
        params: ReturnParams,
        body: Type.Object({ _csrf: Type.String(), amount: Type.String({ maxLength: 20 }) }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, ['finance', 'owner'], 'Returns', async (ctx, frame) => {
        const cents = centsOf(req.body.amount);
        const note =
          cents === undefined
            ? { ok: false, text: 'The amount must look like 24.50' }
            : await attempt(ctx, async (tx) => {
                const r = await refundReturn(tx, req.params.id, { amountCents: cents });
                return `Refunded ${money(r.refundedCents, r.currency)} for the return of order ${r.orderNumber}.`;
              });
        return ReturnsPage(ctx, frame, req.params.store, note);
      }),
  );
  app.post(
    '/admin/s/:store/returns/:id/reject',
    {
      schema: {
        hide: true,
        params: ReturnParams,
        body: Type.Object({ _csrf: Type.String(), reason: Type.String({ maxLength: 300 }) }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, ['finance', 'owner'], 'Returns', async (ctx, frame) => {
        const note = await attempt(ctx, async (tx) => {
          const r = await rejectReturn(tx, req.params.id, req.body.reason);
          return `The refund of the return of order ${r.orderNumber} is refused.`;
        });
        return ReturnsPage(ctx, frame, req.params.store, note);
      }),
  );
}
