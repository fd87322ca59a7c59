import { createHash } from 'node:crypto';
import { takeStock, countSoldUnits } from '#modules/catalog';
import { closeCart, findCart, hashCartToken, lockCart, viewCart, type CartView } from '#modules/cart';
import { queueEmail } from '#modules/notifications';
import { CardRejected, type PaymentProvider } from '#modules/payments';
import { AppError, conflict, invalid, paymentDeclined } from '#platform/errors.ts';
import { blockedUntil, recordFailure, type ThrottleRule } from '#modules/throttle';
import { newId } from '#platform/ids.ts';
import { formatMoney } from '#platform/money.ts';
import { validateCheckout, type CheckoutInput } from './checkout-input.ts';
import { newOrderNumber } from './order-number.ts';
import type { OrdersCtx } from './orders-ctx.ts';
import { ordersRepository, type OrderRow } from './orders.repository.ts';
import { assembleOrderView, type OrderView } from './view-order.ts';
import { grantAccess, newAccessGrant } from './access-grant.ts';

/** The result of a checkout: the order, and a token that lets this browser see it as a guest. */
export interface PlacedOrder {
  orderId: string;
  number: string;
  totalCents: number;
  /** True when this submission repeated an earlier one (same Idempotency-Key): nothing new was made. */
  replayed: boolean;
  /** Put in a cookie: lets the browser open the order page without signing in (24 hours). */
  accessToken: string;
  /** A new order as its shopper sees it, so the answer needs no second read (absent on a replay). */
  view?: OrderView;
  /** Units per product of a new order, counted towards hot-selling once it committed. */
  sold: { productId: string; units: number }[];
}

/**
 * Card testing: declined payments per client address and per cart. Past the limit, checkout
 * answers 429 before anything reaches the payment provider. People mistype a card once or twice;
 * bots try hundreds.
 */
export const DECLINES_PER_SOURCE: ThrottleRule = {
  name: 'card_declines_source',
  maxFailures: 10,
  windowMinutes: 60,
  blockMinutes: 60,
};
export const DECLINES_PER_CART: ThrottleRule = {
  name: 'card_declines_cart',
  maxFailures: 5,
  windowMinutes: 60,
  blockMinutes: 60,
};

/** What the decline throttles are keyed on for a checkout. */
function declineKeys(input: CheckoutInput) {
  const cart =
    input.owner.kind === 'member'
      ? `member|${input.owner.customerId}`
      : `guest|${hashCartToken(input.owner.token)}`;
  return [
    { rule: DECLINES_PER_SOURCE, key: { scope: input.source, source: '' } },
    { rule: DECLINES_PER_CART, key: { scope: cart, source: '' } },
  ];
}

async function assertNotCardTesting(ctx: OrdersCtx, input: CheckoutInput): Promise<void> {
  for (const { rule, key } of declineKeys(input)) {
    const until = await blockedUntil(ctx, rule, key);
    if (until)
      throw new AppError(
        'rate_limited',
        `too many declined payments; try again after ${until.toISOString().slice(11, 16)} UTC or contact the store`,
      );
  }
}

/**
 * How long after an order a submission that finds its cart gone is answered with that order (a
 * second tab, a double click with another key) rather than "your cart is empty".
 */
const RECENT_ORDER_MINUTES = 15;

/** Runs a function in one tenant transaction (the route's `inStore`, bound to the store). */
export type InTransaction = <T>(fn: (ctx: OrdersCtx) => Promise<T>) => Promise<T>;

// Who submitted: the same Idempotency-Key from another cart is a different request. Still known
// after checkout deleted the cart, so a late retry can be recognised.
const requestHashOf = (input: CheckoutInput) =>
  createHash('sha256')
    .update(
      input.owner.kind === 'member'
        ? `member|${input.owner.customerId}`
        : `guest|${hashCartToken(input.owner.token)}`,
    )
    .digest('hex');

async function replay(ctx: OrdersCtx, existing: OrderRow, input: CheckoutInput): Promise<PlacedOrder> {
  if (existing.requestHash !== requestHashOf(input)) {
    throw conflict('this Idempotency-Key was already used for a different checkout; send a new key');
  }
  return {
    orderId: existing.id,
    number: existing.number,
    totalCents: existing.totalCents,
    replayed: true,
    accessToken: await grantAccess(ctx, existing.id),
    sold: [],
  };
}

function confirmationText(ctx: OrdersCtx, number: string, cart: CartView): string {
  const money = (cents: number) => formatMoney(cents, cart.currency);
  const { processingDays: p, deliveryDays: d } = ctx.tenant.policy;
  return [
    `Thank you for your order ${number} at ${ctx.tenant.name}.`,
    '',
    ...cart.lines.map(
      (l) => `${l.quantity} × ${l.variant.productName} (${l.variant.title}) — ${money(l.lineNowCents)}`,
    ),
    '',
    `Items: ${money(cart.subtotalNowCents)} (you saved ${money(cart.savingsCents)})`,
    `Shipping: ${cart.shippingCents === 0 ? 'free' : money(cart.shippingCents)}`,
    `Total paid: ${money(cart.totalCents)}`,
    '',
    `We pack orders within ${p.min}–${p.max} working days; delivery then takes ${d.min}–${d.max} days.`,
    'You can look your order up at any time on the store’s “Find my order” page with this e-mail',
    'address and the order number.',
  ].join('\n');
}

/**
 * Turns a cart into a paid order, all in the caller's transaction (CK-1, CK-2):
 * prices are computed here from the catalog (never taken from the client); the order header is
 * inserted first under its Idempotency-Key, so a repeated submission finds it instead of charging
 * again; stock is taken atomically; personal fields are sealed under the shopper's subject key;
 * the card is charged last. A decline throws, so the transaction rolls back: no order, no units
 * taken. Card details go only to the payment provider.
 *
 * `onCharged` hears of a successful charge, so the caller can refund it should the commit fail.
 */
export async function placeOrder(
  ctx: OrdersCtx,
  submitted: CheckoutInput,
  onCharged: (chargeId: string) => void = () => {},
): Promise<PlacedOrder> {
  const input = validateCheckout(submitted, ctx.tenant.policy.privacyPolicyVersion);
  const existing = await ordersRepository.byIdempotencyKey(ctx.db, input.idempotencyKey);
  if (existing) return replay(ctx, existing, input);
  await assertNotCardTesting(ctx, input);

  // No cart: a concurrent submission with this key, or another submission of the same cart (a
  // second tab, another key), made it an order meanwhile. Answer that order; never charge again.
  const emptyCart = async (message: string) => {
    const committed =
      (await ordersRepository.byIdempotencyKey(ctx.db, input.idempotencyKey)) ??
      (await ordersRepository.latestOfRequester(
        ctx.db,
        requestHashOf(input),
        new Date(ctx.now().getTime() - RECENT_ORDER_MINUTES * 60_000),
      ));
    if (committed) return replay(ctx, committed, input);
    throw invalid(message);
  };
  const found = await findCart(ctx, input.owner);
  if (!found) return emptyCart('your cart is empty (no cart was found, or it expired)');
  // One cart, one order: a second submission of this cart waits here until the first ends.
  if (!(await lockCart(ctx, found.id))) return emptyCart('your cart is empty');
  const cart = await viewCart(ctx, found);
  const customerId = input.owner.kind === 'member' ? input.owner.customerId : undefined;
  if (cart.lines.length === 0) return emptyCart('your cart is empty');
  const short = cart.lines.find((l) => !l.available);
  if (short) {
    throw conflict(
      `${short.variant.productName} (${short.variant.title}) is out of stock (${short.variant.stock} left, ${short.quantity} in your cart)`,
    );
  }

  let token: string;
  try {
    token =
      'token' in input.payment
        ? input.payment.token
        : (await ctx.payments.tokenizeCard(input.payment.card, ctx.now())).token;
  } catch (e) {
    if (e instanceof CardRejected) throw invalid(e.message, { fields: { card: e.message } });
    throw e;
  }

  const now = ctx.now();
  const orderId = newId('ord', now);
  const number = newOrderNumber(ctx.tenant.slug);
  const subjectId = customerId ?? newId('gst', now);
  // A guest is a new data subject: their key is created, not looked up.
  if (!customerId) await ctx.vault.newSubject(ctx, subjectId);
  const sealedOrder = await ctx.vault.sealRow(ctx, subjectId, 'orders.order', orderId, {
    contact_email: input.email,
  });
  const inserted = await ordersRepository.insertOrderOnce(ctx.db, {
    id: orderId,
    number,
    idempotencyKey: input.idempotencyKey,
    requestHash: requestHashOf(input),
    customerId: customerId ?? null,
    subjectId,
    status: 'paid',
    currency: cart.currency,
    subtotalWasCents: cart.subtotalWasCents,
    subtotalNowCents: cart.subtotalNowCents,
    shippingCents: cart.shippingCents,
    totalCents: cart.totalCents,
    contactEmail: sealedOrder.contact_email!,
    contactEmailIndex: await ctx.vault.blindIndex(ctx, 'orders.order.contact_email', input.email, 'email'),
    privacyPolicyVersion: ctx.tenant.policy.privacyPolicyVersion,
    policyAcceptedAt: now,
    paymentProvider: ctx.payments.name,
    placedAt: now,
    updatedAt: now,
  });
  if (!inserted) {
    // A concurrent submission with the same key committed first.
    const winner = await ordersRepository.byIdempotencyKey(ctx.db, input.idempotencyKey);
    if (!winner) throw conflict('this checkout is being submitted twice at once; try again');
    return replay(ctx, winner, input);
  }

  await takeStock(
    ctx,
    cart.lines.map((l) => ({
      variantId: l.variant.variantId,
      quantity: l.quantity,
      label: `${l.variant.productName} (${l.variant.title})`,
    })),
  );
  const a = input.address;
  const sealed = await ctx.vault.sealRow(ctx, subjectId, 'orders.shipping_address', orderId, {
    recipient_name: a.recipientName,
    street_line1: a.line1,
    street_line2: a.line2,
    city: a.city,
    region: a.region,
    postal_code: a.postalCode,
    phone: a.phone,
  });
  // What each order line keeps of the cart line (also what the shopper's view shows).
  const lines = cart.lines.map((l) => ({
    sku: l.variant.sku,
    productName: l.variant.productName,
    variantTitle: l.variant.title,
    quantity: l.quantity,
    unitWasCents: l.variant.price.wasCents,
    unitNowCents: l.variant.price.nowCents,
  }));
  const grant = newAccessGrant(ctx, orderId);
  await ordersRepository.insertOrderDetails(ctx.db, {
    lines: cart.lines.map((l, position) => ({
      ...lines[position]!,
      orderId,
      position,
      variantId: l.variant.variantId,
      productId: l.variant.productId,
      campaignSlug: l.variant.price.campaignSlug,
    })),
    address: {
      orderId,
      recipientName: sealed.recipient_name!,
      streetLine1: sealed.street_line1!,
      streetLine2: sealed.street_line2,
      city: sealed.city!,
      region: sealed.region,
      postalCode: sealed.postal_code,
      countryCode: a.countryCode,
      phone: sealed.phone,
    },
    status: { orderId, at: now, fromStatus: null, toStatus: 'paid', actor: customerId ? 'member' : 'guest' },
    grant: grant.row,
  });

  // The charge comes last: everything that could refuse the order has already passed.
  const outcome = await ctx.payments.charge({
    token,
    amountCents: cart.totalCents,
    currency: cart.currency,
    // Per attempt: after a decline or a rolled-back attempt the shopper may retry with the same key.
    idempotencyKey: `${ctx.tenant.id}:${input.idempotencyKey}:${orderId}`,
    description: `${ctx.tenant.name} order ${number}`,
  });
  if (outcome.status === 'declined') {
    throw paymentDeclined(outcome.message, { fields: { card: outcome.message }, declineCode: outcome.code });
  }
  onCharged(outcome.chargeId);
  await ordersRepository.setCharge(ctx.db, orderId, outcome.chargeId);
  await closeCart(ctx, found.id);
  await queueEmail(ctx, {
    subjectId,
    template: 'order_confirmation',
    recipient: input.email,
    body: confirmationText(ctx, number, cart),
  });
  const view = assembleOrderView({
    order: {
      id: orderId,
      number,
      status: 'paid',
      placedAt: now,
      currency: cart.currency,
      subtotalWasCents: cart.subtotalWasCents,
      subtotalNowCents: cart.subtotalNowCents,
      shippingCents: cart.shippingCents,
      totalCents: cart.totalCents,
      privacyPolicyVersion: ctx.tenant.policy.privacyPolicyVersion,
    },
    lines,
    contactEmail: input.email,
    address: {
      recipientName: a.recipientName,
      line1: a.line1,
      line2: a.line2 ?? null,
      city: a.city,
      region: a.region ?? null,
      postalCode: a.postalCode ?? null,
      countryCode: a.countryCode,
      phone: a.phone ?? null,
    },
    history: [{ at: now, toStatus: 'paid' }],
  });
  return {
    orderId,
    number,
    totalCents: cart.totalCents,
    replayed: false,
    accessToken: grant.token,
    view,
    sold: cart.lines.map((l) => ({ productId: l.variant.productId, units: l.quantity })),
  };
}

/**
 * Runs `placeOrder` in its own transaction. Should the transaction fail after the card was
 * charged (a lost connection at commit), the charge is refunded, so a shopper is never charged for
 * an order that does not exist.
 */
export async function submitCheckout(
  payments: PaymentProvider,
  inTransaction: InTransaction,
  input: CheckoutInput,
): Promise<PlacedOrder> {
  let chargeId: string | undefined;
  let tenantId = '';
  try {
    const placed = await inTransaction((ctx) => {
      tenantId = ctx.tenant.id;
      return placeOrder(ctx, input, (id) => {
        chargeId = id;
      });
    });
    countSoldUnits(tenantId, placed.sold); // committed: now the units count
    return placed;
  } catch (error) {
    if (chargeId) await payments.refund({ chargeId, idempotencyKey: `rollback:${chargeId}` });
    if (error instanceof AppError && error.kind === 'payment_declined') {
      // Counted in a transaction of its own: the checkout's rolled back with the decline.
      await inTransaction(async (ctx) => {
        for (const { rule, key } of declineKeys(input)) await recordFailure(ctx, rule, key);
      });
    }
    throw error;
  }
}
