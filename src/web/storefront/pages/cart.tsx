import { MAX_UNITS_PER_LINE, type CartView } from '#modules/cart';
import { formatMoney } from '#platform/money.ts';
import type { PageFrame } from '../components.tsx';
import { Layout } from '../layout.tsx';

export function CartPage({
  frame,
  cart,
  problem,
  done,
}: {
  frame: PageFrame;
  cart: CartView | undefined;
  problem?: string;
  /** What the last action did: a SKU added, or a line removed. */
  done?: { added: string } | { removed: true } | undefined;
}) {
  const added = done && 'added' in done ? cart?.lines.find((l) => l.variant.sku === done.added) : undefined;
  const money = (cents: number) => formatMoney(cents, frame.tenant.policy.currency);
  const empty = !cart || cart.lines.length === 0;
  return (
    <Layout frame={frame} title="Your cart">
      <h1>Your cart</h1>
      {problem ? (
        <p class="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      {added ? (
        <p class="confirm" role="status">
          Added {added.variant.productName} ({added.variant.title}) to your cart.{' '}
          <a href={frame.base || '/'}>Continue shopping</a>
        </p>
      ) : null}
      {done && 'removed' in done ? (
        <p class="confirm" role="status">
          Removed from your cart.
        </p>
      ) : null}
      {empty ? (
        <p class="empty">
          Your cart is empty. <a href={frame.base || '/'}>Keep shopping</a>.
        </p>
      ) : (
        <div class="cart">
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
              {cart.lines.map((l) => (
                <tr key={l.variant.variantId}>
                  <td>
                    <a href={`${frame.base}/p/${l.variant.productSlug}`}>{l.variant.productName}</a>
                    <br />
                    <small>{l.variant.title}</small>
                    {l.available ? null : <span class="out"> · only {l.variant.stock} left</span>}
                  </td>
                  <td>
                    {money(l.variant.price.nowCents)}
                    {l.variant.price.nowCents < l.variant.price.wasCents ? (
                      <s class="price-was"> {money(l.variant.price.wasCents)}</s>
                    ) : null}
                  </td>
                  <td>
                    <form method="post" action={`${frame.base}/cart/update`} class="qty">
                      <input type="hidden" name="sku" value={l.variant.sku} />
                      <label class="visually-hidden" for={`q-${l.variant.sku}`}>
                        Quantity of {l.variant.productName}
                      </label>
                      <input
                        id={`q-${l.variant.sku}`}
                        name="quantity"
                        type="number"
                        min={0}
                        max={MAX_UNITS_PER_LINE}
                        value={String(l.quantity)}
                      />
                      <button type="submit">Update</button>
                    </form>
                    <form method="post" action={`${frame.base}/cart/update`} class="remove">
                      <input type="hidden" name="sku" value={l.variant.sku} />
                      <input type="hidden" name="quantity" value="0" />
                      <button
                        type="submit"
                        class="link-button"
                        aria-label={`Remove ${l.variant.productName}`}
                      >
                        Remove
                      </button>
                    </form>
                  </td>
                  <td>{money(l.lineNowCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl class="totals">
            <dt>Subtotal</dt>
            <dd>{money(cart.subtotalNowCents)}</dd>
            {cart.savingsCents > 0 ? (
              <>
                <dt>You save</dt>
                <dd class="sale">{money(cart.savingsCents)}</dd>
              </>
            ) : null}
            <dt>Shipping</dt>
            <dd>{cart.shippingCents === 0 ? 'Free' : money(cart.shippingCents)}</dd>
            <dt class="grand">Total</dt>
            <dd class="grand">{money(cart.totalCents)}</dd>
          </dl>
          {cart.lines.every((l) => l.available) ? (
            <p class="checkout-cta">
              <a class="button" href={`${frame.base}/checkout`}>
                Check out
              </a>{' '}
              <a class="continue" href={frame.base || '/'}>
                Continue shopping
              </a>
            </p>
          ) : (
            <p class="note">Lower the quantities marked above to check out.</p>
          )}
        </div>
      )}
    </Layout>
  );
}
