import { AddressForm, type CheckoutValues } from './checkout.tsx';
import type { OrderSummary, OrderView } from '#modules/orders';
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

export function OrderPage({
  frame,
  order,
  justPlaced,
  addressChange,
}: {
  frame: PageFrame;
  order: OrderView;
  justPlaced: boolean;
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
          <dt>What happens next</dt>
          <dd>
            We pack orders within {p.min}–{p.max} working days; delivery then takes {d.min}–{d.max} days.
          </dd>
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
            <dt>Was</dt>
            <dd>
              <s>{money(order.subtotalWasCents)}</s>
            </dd>
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
        <p>
          <a href={frame.base || '/'}>Continue shopping</a>
        </p>
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
