import { AddressForm, type CheckoutValues } from './checkout.tsx';
import type { OrderSummary, OrderView } from '#modules/orders';
import type { ParcelView } from '#modules/shipping';
import { RETURN_REASONS, type ReturnView } from '#modules/returns';
import { TICKET_TOPICS, type TicketView } from '#modules/support';
import { formatMoney } from '#platform/money.ts';
import type { PageFrame } from '../components.tsx';
import { Layout } from '../layout.tsx';

const date = (d: Date) =>
  d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** An order: the confirmation right after checkout, and the page a lookup or the history opens. */
/** The address form's state after a submission: what was typed, and each field's problem. */
export interface AddressChange {
  csrf: string;
  values?: CheckoutValues;
  errors?: Record<string, string>;
  problem?: string;
  done?: boolean;
}

/** The order page's after-sales part (CK-5): returns so far, and the form while one is possible. */
export interface AfterSales {
  returns: ReturnView[];
  /** The order's customer-service cases and the form to ask (CK-6). */
  tickets?: { list: TicketView[]; csrf: string; sent?: boolean | undefined };
  ticketProblem?: string;
  /** Products the buyer may review (delivered orders), how many are reviewed (SF-6). */
  reviews?: {
    open: { sku: string; productName: string }[];
    done: number;
    csrf: string;
    sent?: boolean | undefined;
  };
  reviewProblem?: string;
  form?: {
    csrf: string;
    until: Date;
    lines: { sku: string; productName: string; variantTitle: string; left: number }[];
  };
  /** The window closed on this day (shown instead of the form). */
  windowEnded?: Date;
  problem?: string;
  done?: boolean;
}

export function OrderPage({
  frame,
  order,
  justPlaced,
  addressChange,
  parcels = [],
  afterSales,
}: {
  /** Returns and the return form (delivered orders). */
  afterSales?: AfterSales | undefined;
  frame: PageFrame;
  order: OrderView;
  justPlaced: boolean;
  /** The order's parcels (outbound and returns), once shipped. */
  parcels?: ParcelView[];
  /** Present when the address may still change (the order has not shipped). */
  addressChange?: AddressChange | undefined;
}) {
  const money = (cents: number) => formatMoney(cents, order.currency);
  const { processingDays: p, deliveryDays: d } = frame.tenant.policy;
  const to = order.shipTo;
  return (
    <Layout frame={frame} title={`Order ${order.number}`}>
      <section class="order">
        {justPlaced ? (
          <div class="confirmation" role="status">
            <h1>Thank you — your order is placed</h1>
            <p>
              Your order number is <strong class="order-number">{order.number}</strong>. A confirmation is on
              its way to {order.contactEmail ?? 'your e-mail address'}. Keep the number: with your e-mail
              address it finds this order again on <a href={`${frame.base}/orders/lookup`}>Find my order</a>.
            </p>
          </div>
        ) : (
          <h1>
            Order <span class="order-number">{order.number}</span>
          </h1>
        )}
        <dl class="profile">
          <dt>Placed</dt>
          <dd>{date(order.placedAt)}</dd>
          <dt>Status</dt>
          <dd class="order-status">{order.statusLabel}</dd>
          {parcels.length === 0 ? (
            <>
              <dt>What happens next</dt>
              <dd>
                We pack orders within {p.min}–{p.max} working days; delivery then takes {d.min}–{d.max} days.
              </dd>
            </>
          ) : (
            parcels
              .filter((parcel) => parcel.direction === 'outbound')
              .map((parcel) => (
                <>
                  <dt>Parcel</dt>
                  <dd class="parcel-summary">
                    {parcel.carrier}, tracking number{' '}
                    <span class="tracking-number">{parcel.trackingNumber}</span>: {parcel.statusLabel}
                    {parcel.deliveredAt
                      ? ` on ${localDay(frame, parcel.deliveredAt)}`
                      : parcel.expectedBy
                        ? ` — expected by ${localDay(frame, parcel.expectedBy)}`
                        : ''}
                    . <a href={`${frame.base}/orders/${order.number}/tracking`}>Track your parcel</a>
                  </dd>
                </>
              ))
          )}
        </dl>
        <table class="cart-lines">
          <thead>
            <tr>
              <th>Item</th>
              <th>Price</th>
              <th>Quantity</th>
              <th>Total</th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((l) => (
              <tr key={l.sku}>
                <td>
                  {l.productName}
                  <br />
                  <small>{l.variantTitle}</small>
                </td>
                <td>
                  {money(l.unitNowCents)}
                  {l.unitNowCents < l.unitWasCents ? <s class="price-was"> {money(l.unitWasCents)}</s> : null}
                </td>
                <td>{l.quantity}</td>
                <td>{money(l.lineNowCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div class="order-bottom">
          <div class="ship-to">
            <h2>Shipping to</h2>
            {to.recipientName === null ? (
              <p class="note">The personal details of this order were erased.</p>
            ) : (
              <address>
                {to.recipientName}
                <br />
                {to.line1}
                {to.line2 ? (
                  <>
                    <br />
                    {to.line2}
                  </>
                ) : null}
                <br />
                {[to.city, to.region, to.postalCode].filter(Boolean).join(', ')}
                <br />
                {to.countryName}
                {to.phone ? (
                  <>
                    <br />
                    {to.phone}
                  </>
                ) : null}
              </address>
            )}
            {addressChange?.done ? (
              <p class="notice" role="status">
                The delivery address is changed.
              </p>
            ) : null}
            {addressChange && to.recipientName !== null ? (
              <details class="change-address" open={addressChange.problem !== undefined}>
                <summary>Change the delivery address</summary>
                <p class="note">You can change it until the parcel leaves us.</p>
                {addressChange.problem ? (
                  <p class="form-error" role="alert">
                    {addressChange.problem}
                  </p>
                ) : null}
                <AddressForm
                  action={`${frame.base}/orders/${order.number}/address`}
                  csrf={addressChange.csrf}
                  values={
                    addressChange.values ?? {
                      recipientName: to.recipientName ?? '',
                      line1: to.line1 ?? '',
                      line2: to.line2 ?? '',
                      city: to.city ?? '',
                      region: to.region ?? '',
                      postalCode: to.postalCode ?? '',
                      countryCode: to.countryCode,
                      phone: to.phone ?? '',
                    }
                  }
                  errors={addressChange.errors ?? {}}
                  base={frame.base}
                />
              </details>
            ) : null}
          </div>
          <dl class="totals">
            {order.subtotalWasCents > order.subtotalNowCents ? (
              <>
                <dt>Was</dt>
                <dd>
                  <s>{money(order.subtotalWasCents)}</s>
                </dd>
              </>
            ) : null}
            <dt>Items</dt>
            <dd>{money(order.subtotalNowCents)}</dd>
            {order.savingsCents > 0 ? (
              <>
                <dt>You saved</dt>
                <dd class="sale">{money(order.savingsCents)}</dd>
              </>
            ) : null}
            <dt>Shipping</dt>
            <dd>{order.shippingCents === 0 ? 'Free' : money(order.shippingCents)}</dd>
            <dt class="grand">Total paid</dt>
            <dd class="grand">{money(order.totalCents)}</dd>
          </dl>
        </div>
        {afterSales ? <Returns frame={frame} order={order} afterSales={afterSales} /> : null}
        {afterSales?.reviews ? (
          <ReviewForms
            frame={frame}
            order={order}
            reviews={afterSales.reviews}
            problem={afterSales.reviewProblem}
          />
        ) : null}
        {afterSales?.tickets ? (
          <Questions
            frame={frame}
            order={order}
            tickets={afterSales.tickets}
            problem={afterSales.ticketProblem}
          />
        ) : null}
        <p>
          <a href={frame.base || '/'}>Continue shopping</a>
        </p>
      </section>
    </Layout>
  );
}

/** The returns of an order and, while one is possible, the form that starts one (CK-5). */
function Returns({
  frame,
  order,
  afterSales,
}: {
  frame: PageFrame;
  order: OrderView;
  afterSales: AfterSales;
}) {
  const money = (cents: number) => formatMoney(cents, order.currency);
  const { returns, form } = afterSales;
  if (returns.length === 0 && !form && !afterSales.problem && !afterSales.windowEnded) return null;
  return (
    <section class="returns" id="returns">
      <h2>Returns</h2>
      {afterSales.done ? (
        <p class="notice" role="status">
          Your return is registered and your free return label is ready below. We have e-mailed you too.
        </p>
      ) : null}
      {afterSales.problem ? (
        <p class="form-error" role="alert">
          {afterSales.problem}
        </p>
      ) : null}
      {returns.map((r) => (
        <article class="return" key={r.id}>
          <p>
            <strong class="return-status">{r.statusLabel}</strong> · requested{' '}
            {localDay(frame, r.requestedAt)} · {r.reasonLabel}
          </p>
          <ul>
            {r.lines.map((l) => (
              <li key={l.sku}>
                {l.quantity} × {l.productName} ({l.variantTitle})
              </li>
            ))}
          </ul>
          {r.status === 'requested' ? (
            <p>
              <a href={`${frame.base}/orders/${order.number}/returns/${r.id}/label`}>
                Print your free return label
              </a>{' '}
              · <a href={`${frame.base}/orders/${order.number}/tracking`}>Track the return parcel</a>
            </p>
          ) : null}
          {r.status === 'received' && r.reviewDueBy ? (
            <p class="note">
              We have your parcel and decide on the refund by {localDay(frame, r.reviewDueBy)}.
            </p>
          ) : null}
          {(r.status === 'refunded' || r.status === 'partially_refunded') && r.refundedCents !== undefined ? (
            <p class="refund">
              Refunded <strong class="refund-amount">{money(r.refundedCents)}</strong> to your card
              {r.decidedAt ? ` on ${localDay(frame, r.decidedAt)}` : ''}.
            </p>
          ) : null}
          {r.status === 'rejected' ? <p class="note">Not refunded: {r.rejectionReason}</p> : null}
        </article>
      ))}
      {afterSales.windowEnded && !form ? (
        <p class="note">
          The return window of this order ended on {localDay(frame, afterSales.windowEnded)}.
        </p>
      ) : null}
      {form ? (
        <details class="return-form" open={afterSales.problem !== undefined}>
          <summary>Return items — free until {localDay(frame, form.until)}</summary>
          <form method="post" action={`${frame.base}/orders/${order.number}/returns`}>
            <input type="hidden" name="_csrf" value={form.csrf} />
            {form.lines.map((l) => (
              <label key={l.sku} class="field">
                {l.productName} ({l.variantTitle})
                <select name={`q_${l.sku}`}>
                  {Array.from({ length: l.left + 1 }, (_, n) => (
                    <option value={String(n)}>{n === 0 ? 'Keep it' : `Return ${n}`}</option>
                  ))}
                </select>
              </label>
            ))}
            <label class="field">
              Why are you returning it?
              <select name="reason" required>
                {Object.entries(RETURN_REASONS).map(([value, label]) => (
                  <option value={value}>{label}</option>
                ))}
              </select>
            </label>
            <label class="field">
              Anything we should know? (optional)
              <textarea name="note" maxLength={500} rows={3}></textarea>
            </label>
            <button type="submit">Get my free return label</button>
          </form>
        </details>
      ) : null}
    </section>
  );
}

/** A review form per product not yet reviewed (SF-6): stars and a few words; the owner publishes. */
function ReviewForms({
  frame,
  order,
  reviews,
  problem,
}: {
  frame: PageFrame;
  order: OrderView;
  reviews: NonNullable<AfterSales['reviews']>;
  problem?: string | undefined;
}) {
  if (reviews.open.length === 0 && !reviews.sent && !problem) return null;
  return (
    <section class="order-reviews" id="reviews">
      <h2>Review what you bought</h2>
      {reviews.sent ? (
        <p class="notice" role="status">
          Thank you. Your review appears on the product page once the store has approved it, under your
          nickname (or “Verified buyer”).
        </p>
      ) : null}
      {problem ? (
        <p class="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      {reviews.open.map((p) => (
        <form
          method="post"
          action={`${frame.base}/orders/${order.number}/reviews`}
          class="review-form"
          key={p.sku}
        >
          <input type="hidden" name="_csrf" value={reviews.csrf} />
          <input type="hidden" name="sku" value={p.sku} />
          <p>
            <strong>{p.productName}</strong>
          </p>
          <label class="field">
            Stars
            <select name="rating">
              {[5, 4, 3, 2, 1].map((n) => (
                <option value={String(n)}>
                  {'★'.repeat(n)} {n}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            Your review
            <textarea name="text" rows={3} maxLength={2000} required></textarea>
          </label>
          <button type="submit">Send my review</button>
        </form>
      ))}
    </section>
  );
}

/** The order's customer-service cases, each a thread, and the form to ask something (CK-6). */
function Questions({
  frame,
  order,
  tickets,
  problem,
}: {
  frame: PageFrame;
  order: OrderView;
  tickets: NonNullable<AfterSales['tickets']>;
  problem?: string | undefined;
}) {
  return (
    <section class="questions" id="questions">
      <h2>Questions about this order</h2>
      {tickets.sent ? (
        <p class="notice" role="status">
          Your message is with customer service. The answer appears here and comes by e-mail.
        </p>
      ) : null}
      {problem ? (
        <p class="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      {tickets.list.map((t) => (
        <article class="ticket" key={t.id}>
          <p>
            <strong>{t.topicLabel}</strong> · <span class="ticket-status">{t.statusLabel}</span>
          </p>
          <ol class="messages">
            {(t.messages ?? []).map((m) => (
              <li class={`message from-${m.from.replace(' ', '-')}`}>
                <small>
                  {m.from === 'shopper'
                    ? 'You'
                    : m.from === 'customer service'
                      ? 'Customer service'
                      : 'The store'}
                  , {localDay(frame, m.at)}
                </small>
                <p>{m.body ?? '(erased)'}</p>
              </li>
            ))}
          </ol>
          <form method="post" action={`${frame.base}/orders/${order.number}/tickets/${t.id}/messages`}>
            <input type="hidden" name="_csrf" value={tickets.csrf} />
            <label class="field">
              Write again
              <textarea name="message" rows={2} maxLength={2000} required></textarea>
            </label>
            <button type="submit">Send</button>
          </form>
        </article>
      ))}
      <details class="ask" open={problem !== undefined}>
        <summary>Ask customer service about this order</summary>
        <form method="post" action={`${frame.base}/orders/${order.number}/tickets`}>
          <input type="hidden" name="_csrf" value={tickets.csrf} />
          <label class="field">
            About
            <select name="topic">
              {Object.entries(TICKET_TOPICS).map(([value, label]) => (
                <option value={value}>{label}</option>
              ))}
            </select>
          </label>
          <label class="field">
            Your message
            <textarea name="message" rows={4} maxLength={2000} required></textarea>
          </label>
          <button type="submit">Send to customer service</button>
        </form>
      </details>
    </section>
  );
}

/** The printable free return label of one return. */
export function ReturnLabelPage({
  frame,
  order,
  returnId,
}: {
  frame: PageFrame;
  order: OrderView;
  returnId: string;
}) {
  return (
    <Layout frame={frame} title={`Return label — order ${order.number}`}>
      <section class="order">
        <h1>Your free return label</h1>
        <p>
          Print it, stick it on the parcel and hand the parcel to the carrier.{' '}
          <a href={`${frame.base}/orders/${order.number}#returns`}>Back to the order</a>
        </p>
        <img
          class="parcel-label"
          src={`${frame.base}/orders/${order.number}/returns/${returnId}/label.svg`}
          alt="Return label"
          width="400"
          height="600"
        />
      </section>
    </Layout>
  );
}

/** A day in the store's own time zone: "5 December 2026". */
export const localDay = (frame: PageFrame, d: Date) =>
  d.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: frame.tenant.policy.timeZone,
  });

const localTime = (frame: PageFrame, d: Date) =>
  d.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: frame.tenant.policy.timeZone,
  });

/**
 * The shopper's tracking page (CK-4): each parcel of the order with every scan the carrier
 * reported, newest first, the promised day, and a word when it is late or held up.
 */
export function TrackingPage({
  frame,
  order,
  parcels,
}: {
  frame: PageFrame;
  order: OrderView;
  parcels: ParcelView[];
}) {
  return (
    <Layout frame={frame} title={`Tracking — order ${order.number}`}>
      <section class="order tracking">
        <h1>
          Tracking order <span class="order-number">{order.number}</span>
        </h1>
        <p>
          <a href={`${frame.base}/orders/${order.number}`}>Back to the order</a>
        </p>
        {parcels.length === 0 ? (
          <p class="note" role="status">
            Your order has not left us yet ({order.statusLabel.toLowerCase()}). We pack orders within{' '}
            {frame.tenant.policy.processingDays.min}–{frame.tenant.policy.processingDays.max} working days;
            this page shows the parcel as soon as it is on its way.
          </p>
        ) : null}
        {parcels.map((parcel) => (
          <article class="parcel" key={parcel.trackingNumber}>
            <h2>{parcel.direction === 'return' ? 'Your return parcel' : 'Your parcel'}</h2>
            <dl class="profile">
              <dt>Carrier</dt>
              <dd>{parcel.carrier}</dd>
              <dt>Tracking number</dt>
              <dd class="tracking-number">{parcel.trackingNumber}</dd>
              <dt>Status</dt>
              <dd class="parcel-status">{parcel.statusLabel}</dd>
              {parcel.deliveredAt ? (
                <>
                  <dt>Delivered</dt>
                  <dd>{localDay(frame, parcel.deliveredAt)}</dd>
                </>
              ) : parcel.expectedBy ? (
                <>
                  <dt>Expected by</dt>
                  <dd>{localDay(frame, parcel.expectedBy)}</dd>
                </>
              ) : null}
            </dl>
            {parcel.late ? (
              <p class="notice" role="status">
                It is later than we promised. We are sorry — customer service is following it up with the
                carrier.
              </p>
            ) : null}
            {parcel.events.length === 0 ? (
              <p class="note">The label is printed; the carrier has not scanned the parcel yet.</p>
            ) : (
              <ol class="scans">
                {[...parcel.events].reverse().map((e) => (
                  <li key={`${e.kind}-${e.at.toISOString()}`} class={`scan scan-${e.kind}`}>
                    <time datetime={e.at.toISOString()}>{localTime(frame, e.at)}</time>{' '}
                    <strong>{e.label}</strong> <span class="muted">{e.location}</span>
                    {e.detail ? <span> — {e.detail}</span> : null}
                  </li>
                ))}
              </ol>
            )}
          </article>
        ))}
      </section>
    </Layout>
  );
}

/** Guest order lookup: order number plus the e-mail address given at checkout (CK-2). */
export function OrderLookupPage({
  frame,
  csrf,
  problem,
  number,
}: {
  frame: PageFrame;
  csrf: string;
  problem?: string | undefined;
  number?: string | undefined;
}) {
  return (
    <Layout frame={frame} title="Find my order">
      <section class="form-card">
        <h1>Find my order</h1>
        <p>Enter the order number from your confirmation and the e-mail address you checked out with.</p>
        {problem ? (
          <p class="form-error" role="alert">
            {problem}
          </p>
        ) : null}
        <form method="post" action={`${frame.base}/orders/lookup`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <label>
            Order number
            <input
              name="number"
              required
              maxLength={20}
              placeholder="e.g. SKI-7K3M-9QX2"
              value={number ?? ''}
            />
          </label>
          <label>
            E-mail address
            <input name="email" type="email" autoComplete="email" required maxLength={254} />
          </label>
          <button type="submit" class="button">
            Find my order
          </button>
        </form>
        <p>
          Have an account? <a href={`${frame.base}/account/orders`}>Your orders</a> are listed there.
        </p>
      </section>
    </Layout>
  );
}

/** A member's order history (CK-2). */
export function OrderHistoryPage({ frame, orders }: { frame: PageFrame; orders: OrderSummary[] }) {
  return (
    <Layout frame={frame} title="Your orders">
      <h1>Your orders</h1>
      {orders.length === 0 ? (
        <p class="empty">
          No orders yet. <a href={frame.base || '/'}>Start shopping</a>.
        </p>
      ) : (
        <table class="cart-lines order-history">
          <thead>
            <tr>
              <th>Order</th>
              <th>Placed</th>
              <th>Items</th>
              <th>Status</th>
              <th>Total</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.number}>
                <td>
                  <a href={`${frame.base}/orders/${o.number}`}>{o.number}</a>
                </td>
                <td>{date(o.placedAt)}</td>
                <td>{o.units}</td>
                <td>{o.statusLabel}</td>
                <td>{formatMoney(o.totalCents, o.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href={`${frame.base}/account`}>Back to your account</a>
      </p>
    </Layout>
  );
}
