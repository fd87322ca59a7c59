import { createHash } from 'node:crypto';
import type { Ctx } from '#platform/ctx.ts';
import { AppError, conflict, invalid, paymentDeclined } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import {
  cartOwnerOf,
  closeCart,
  hashCartToken,
  takeCartForCheckout,
  viewCart,
  type CartOwner,
} from '#modules/cart';
import {
  CardRejected,
  recordCharge,
  recordRefund,
  type ChargeOutcome,
  type PaymentProvider,
} from '#modules/payments';
import {
  assembleOrderView,
  createOrder,
  discardUnpaidOrder,
  grantAccess,
  markOrderPaid,
  orderFacts,
  type OrderView,
} from '#modules/orders';
import { sellStock } from '#modules/stock';
import {
  checkShare,
  type CarriedKey,
  policyVersionInEffect,
  refusalsRecorded,
  recordShare,
  ShareRefused,
} from '#modules/privacy';
import { readOwnProfile } from '#modules/accounts';
import { blockedUntilAny, recordFailure, type ThrottleRule } from '#modules/throttle';
import { validateCheckout, type CheckoutInput } from './checkout-input.ts';
import { checkoutRepository, type SubmissionRow } from './checkout.repository.ts';

/** The result of a checkout: the order, and a token that lets this browser see it as a guest. */
export interface PlacedOrder {
  orderId: string;
  number: string;
  totalCents: number;
  /** True when this submission repeated an earlier one (same Idempotency-Key, or the same cart). */
  replayed: boolean;
  /** Put in a cookie: lets the browser open the order page without signing in (24 hours). */
  accessToken: string;
  /** A new order as its shopper sees it, so the answer needs no second read (absent on a replay). */
  view?: OrderView;
}

/** Runs a function in a new tenant transaction of the request (the route's `inStore`, bound). */
export type InTransaction = <T>(fn: (ctx: Ctx) => Promise<T>) => Promise<T>;

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

/**
 * How long after a checkout a submission that finds its cart gone is answered with that order (a
 * second tab, a double click with another key) rather than "your cart is empty".
 */
const RECENT_ORDER_MINUTES = 15;

/** Who submitted: the same Idempotency-Key from someone else is a different request. */
export const requestHashOf = (owner: CartOwner) =>
  createHash('sha256')
    .update(owner.kind === 'member' ? `member|${owner.customerId}` : `guest|${hashCartToken(owner.token)}`)
    .digest('hex');

/** The provider's idempotency key of a submission's charge (one per order attempt). */
const chargeKeyOf = (tenantId: string, s: Pick<SubmissionRow, 'idempotencyKey' | 'orderId'>) =>
  `${tenantId}:${s.idempotencyKey}:${s.orderId}`;

function declineKeys(ctx: Ctx, owner: CartOwner) {
  const cart = owner.kind === 'member' ? `member|${owner.customerId}` : `guest|${hashCartToken(owner.token)}`;
  return [
    { rule: DECLINES_PER_SOURCE, key: { scope: ctx.request?.source ?? '', source: '' } },
    { rule: DECLINES_PER_CART, key: { scope: cart, source: '' } },
  ];
}

async function assertNotCardTesting(ctx: Ctx, owner: CartOwner): Promise<void> {
  const until = await blockedUntilAny(ctx, declineKeys(ctx, owner));
  if (until)
    throw new AppError(
      'rate_limited',
      `too many declined payments; try again after ${until.toISOString().slice(11, 16)} UTC or contact the store`,
    );
}

/** The answer to a submission that repeats one already made: its order, or "still being paid". */
async function answerEarlier(
  ctx: Ctx,
  earlier: SubmissionRow,
  requestHash: string,
): Promise<Replay | Pending> {
  if (earlier.requestHash !== requestHash)
    throw conflict('this Idempotency-Key was already used for a different checkout; send a new key');
  if (earlier.state !== 'paid') return { replay: 'pending' };
  return { replay: true, orderId: earlier.orderId, accessToken: await grantAccess(ctx, earlier.orderId) };
}

interface Replay {
  replay: true;
  orderId: string;
  accessToken: string;
}

/** The same cart or key is being paid for by another submission right now. */
interface Pending {
  replay: 'pending';
}

/** How long a repeated submission waits for the one in progress before answering 409. */
const WAIT_FOR_EARLIER_MS = 10_000;

/** What the first phase reserved: an order awaiting payment, and how to charge for it. */
interface Reserved {
  replay: false;
  key: string;
  orderId: string;
  number: string;
  lines: { productId: string; quantity: number }[];
  subjectId: string;
  /** The subject's data key, carried to the payment step, which seals the charge under it. */
  sealingKey: CarriedKey | undefined;
  accessToken: string;
  cartId: string;
  owner: CartOwner;
  provider: PaymentProvider;
  token: string;
  totalCents: number;
  currency: string;
  description: string;
  chargeKey: string;
  view: OrderView;
}

/**
 * Phase 1, and when the sharing gate refused the payment, that refusal written to the disclosure
 * register and the audit log in a transaction of its own (phase 1's was rolled back).
 */
async function reserveOrRecordRefusal(run: InTransaction, input: CheckoutInput) {
  return refusalsRecorded(run, (ctx) => reserve(ctx, input));
}

/**
 * Phase 1, in one transaction: validates, answers a repeated submission, locks the cart (one
 * cart, one order: a second submission of it waits here), prices it on the server, asks the
 * sharing gate whether the payment provider may have the payment's fields, creates the order
 * `awaiting_payment` with its personal fields sealed, takes the stock (no oversell), records the
 * submission as `charging`, records the share (disclosure register) and tokenises the card with
 * what the gate released. Nothing has been charged yet.
 */
async function reserve(ctx: Ctx, submitted: CheckoutInput): Promise<Reserved | Replay | Pending> {
  const owner = cartOwnerOf(ctx);
  if (!owner) throw invalid('your cart is empty (no cart was found, or it expired)');
  const accountEmail =
    owner.kind === 'member' && !submitted.email ? (await readOwnProfile(ctx))?.email : undefined;
  // The version the shopper must have accepted, which the order then records (CN-3).
  const policyVersion = policyVersionInEffect(ctx.tenant.policy, ctx.now()).version;
  const input = validateCheckout(
    { ...submitted, email: submitted.email || accountEmail || '' },
    policyVersion,
  );
  const requestHash = requestHashOf(owner);

  // No cart, or it went while we waited for its lock: another submission (a second tab, another
  // key) made it an order. Answer that order; never charge again.
  const cartGone = async (message: string) => {
    const earlier =
      (await checkoutRepository.byKey(ctx.db, input.idempotencyKey)) ??
      (await checkoutRepository.latestOfRequester(
        ctx.db,
        requestHash,
        ctx.calendar.before({ minutes: RECENT_ORDER_MINUTES }),
      ));
    if (earlier) return answerEarlier(ctx, earlier, requestHash);
    throw invalid(message);
  };
  // One cart, one order: a second submission of this cart waits here until the first one's
  // transaction ends, then finds its submission (or no cart).
  const found = await takeCartForCheckout(ctx);
  if (!found) return cartGone('your cart is empty (no cart was found, or it expired)');
  // The reads go together (one round trip, #db/pipeline.ts): the earlier submission, the
  // card-testing check and the cart's prices. A repeated submission is answered whatever the
  // card-testing check says, as before it; the priced cart then goes unused.
  const notCardTesting = assertNotCardTesting(ctx, owner);
  const priced = viewCart(ctx, found);
  for (const pending of [notCardTesting, priced]) pending.catch(() => undefined); // awaited below
  const [earlier] = await checkoutRepository.byKeyOrCart(ctx.db, input.idempotencyKey, found.id);
  if (earlier) {
    await Promise.allSettled([notCardTesting, priced]);
    return answerEarlier(ctx, earlier, requestHash);
  }
  await notCardTesting;
  const cart = await priced;
  if (cart.lines.length === 0) return cartGone('your cart is empty');
  const short = cart.lines.find((l) => !l.available);
  if (short)
    throw conflict(
      `${short.variant.productName} (${short.variant.title}) is out of stock (${short.variant.stock} left, ${short.quantity} in your cart)`,
    );

  // The payment provider receives only what a payment needs (SH-2), through the sharing gate:
  // the card (to tokenise) or the provider's own token, the amount, the currency, the order's
  // number and the settlement serial. A refusal (no active provider, a terminated one) ends the
  // checkout before anything is written or sent.
  const payment = input.payment;
  const share = await checkShare(ctx, {
    recipient: 'payment_provider',
    purpose: 'payment',
    fields: [
      'token' in payment ? 'payment_token' : 'payment_card',
      'amount_cents',
      'currency',
      'order_ref',
      'settlement_ref',
    ],
  });
  if (!share.released) throw new ShareRefused(share);

  const now = ctx.now();
  const subjectId = owner.kind === 'member' ? owner.customerId : newId('gst', now);
  const lines = cart.lines.map((l) => ({
    variantId: l.variant.variantId,
    productId: l.variant.productId,
    sku: l.variant.sku,
    productName: l.variant.productName,
    variantTitle: l.variant.title,
    quantity: l.quantity,
    unitWasCents: l.variant.price.wasCents,
    unitNowCents: l.variant.price.nowCents,
    campaignSlug: l.variant.price.campaignSlug,
  }));
  const created = await createOrder(ctx, {
    channel: 'storefront',
    ...(owner.kind === 'member' ? { customerId: owner.customerId } : {}),
    subjectId,
    newSubject: owner.kind !== 'member', // a guest is a new data subject: a key is made, not looked up
    status: 'awaiting_payment',
    currency: cart.currency,
    subtotalWasCents: cart.subtotalWasCents,
    subtotalNowCents: cart.subtotalNowCents,
    shippingCents: cart.shippingCents,
    totalCents: cart.totalCents,
    contactEmail: input.email,
    address: input.address,
    lines,
    policy: { version: policyVersion, acceptedAt: now },
    grantAccess: true,
  });
  const row = {
    idempotencyKey: input.idempotencyKey,
    requestHash,
    cartId: found.id,
    orderId: created.orderId,
    state: 'charging',
    createdAt: now,
    updatedAt: now,
  };
  const chargeKey = chargeKeyOf(ctx.tenant.id, row);
  // Three independent writes whose answers decide whether to go on: sent together (one round
  // trip, #db/pipeline.ts), then judged in this order — stock first, then a concurrent
  // submission of the same key, then the gate's register.
  const [sold, recorded, shared] = await Promise.allSettled([
    sellStock(
      ctx,
      created.orderId,
      cart.lines.map((l) => ({
        variantId: l.variant.variantId,
        quantity: l.quantity,
        label: `${l.variant.productName} (${l.variant.title})`,
      })),
    ),
    checkoutRepository.insertOnce(ctx.db, row),
    recordShare(ctx, share, {
      ref: created.number,
      payload: {
        ...('token' in payment ? { payment_token: payment.token } : { payment_card: payment.card }),
        amount_cents: cart.totalCents,
        currency: cart.currency,
        order_ref: created.number,
        settlement_ref: chargeKey,
      },
    }),
  ]);
  if (sold.status === 'rejected') throw sold.reason;
  if (recorded.status === 'rejected') throw recorded.reason;
  if (!recorded.value)
    // The same key, submitted twice at once: the other got there first.
    throw conflict('this checkout is being submitted twice at once; wait a moment and look at your orders');
  if (shared.status === 'rejected') throw shared.reason;
  const permit = shared.value;
  let token: string;
  try {
    token =
      'payment_token' in permit.payload
        ? permit.payload.payment_token
        : (await ctx.payments.tokenizeCard(permit.payload.payment_card, ctx.now())).token;
  } catch (e) {
    if (e instanceof CardRejected) throw invalid(e.message, { fields: { card: e.message } });
    throw e;
  }

  const a = input.address;
  const view = assembleOrderView({
    order: {
      id: created.orderId,
      number: created.number,
      status: 'paid',
      placedAt: now,
      currency: cart.currency,
      subtotalWasCents: cart.subtotalWasCents,
      subtotalNowCents: cart.subtotalNowCents,
      shippingCents: cart.shippingCents,
      totalCents: cart.totalCents,
      privacyPolicyVersion: policyVersion,
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
    history: [
      { at: now, toStatus: 'awaiting_payment' },
      { at: now, toStatus: 'paid' },
    ],
  });
  return {
    replay: false,
    key: input.idempotencyKey,
    orderId: created.orderId,
    number: created.number,
    lines,
    subjectId,
    sealingKey: ctx.vault.carryKey(ctx, subjectId),
    accessToken: created.accessToken!,
    cartId: found.id,
    owner,
    provider: ctx.payments,
    token,
    // What the charge sends is what the gate released (the permit), nothing more.
    totalCents: permit.payload.amount_cents,
    currency: permit.payload.currency,
    description: `${ctx.tenant.name} order ${permit.payload.order_ref}`,
    chargeKey: permit.payload.settlement_ref,
    view,
  };
}

/**
 * Phase 3 after a successful charge, in one transaction: the charge goes into the payments
 * ledger, the order becomes `paid` (and announces itself: confirmation e-mail, sales counters), the
 * submission is `paid`, the cart is closed.
 */
export async function completePaidCheckout(
  ctx: Ctx,
  s: {
    key: string;
    orderId: string;
    number: string;
    subjectId: string;
    sealingKey?: CarriedKey | undefined;
    cartId: string;
    totalCents: number;
    currency: string;
    lines: { productId: string; quantity: number }[];
  },
  chargeId: string,
  chargeKey: string,
): Promise<void> {
  if (s.sealingKey) ctx.vault.adoptKey(ctx, s.sealingKey);
  await recordCharge(ctx, {
    orderId: s.orderId,
    subjectId: s.subjectId,
    amountCents: s.totalCents,
    currency: s.currency,
    providerRef: chargeId,
    idempotencyKey: chargeKey,
  });
  await markOrderPaid(ctx, s.orderId, { number: s.number, channel: 'storefront', lines: s.lines });
  await checkoutRepository.setState(ctx.db, s.key, 'paid', ctx.now());
  await closeCart(ctx, s.cartId);
}

/** A checkout that will not be paid: its order is discarded (stock back) and its key freed. */
export async function abandonCheckout(ctx: Ctx, s: { key: string; orderId: string }): Promise<void> {
  await discardUnpaidOrder(ctx, s.orderId);
  await checkoutRepository.delete(ctx.db, s.key);
}

/**
 * Turns the request's cart into a paid order (CK-1, CK-2), in three steps so that no external
 * call happens inside a database transaction:
 * 1. `reserve` (one transaction): the order exists `awaiting_payment`, its stock is taken;
 * 2. the card is charged, outside any transaction, idempotently by the order's charge key;
 * 3. one transaction records the charge and makes the order `paid` — or, on a decline, discards
 *    the order and frees its stock (nothing was ordered), and counts the decline.
 * If step 3 fails after a successful charge, the charge is refunded (compensation) and the order
 * discarded; a process that dies between 1 and 3 leaves a `charging` submission that the
 * `checkout.recover` job finishes (charged) or undoes (not charged) a few minutes later.
 */
export async function submitCheckout(run: InTransaction, input: CheckoutInput): Promise<PlacedOrder> {
  let reserved = await reserveOrRecordRefusal(run, input);
  // Another submission of this cart or key is being paid for: wait for it (a double click, a second
  // tab, a client retrying), then answer its order — or, if it failed, make this attempt.
  for (let waited = 0; reserved.replay === 'pending'; waited += 100) {
    if (waited >= WAIT_FOR_EARLIER_MS)
      throw conflict(
        'this checkout is still being paid for (another tab, or a moment ago); look at your orders in a minute',
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
    reserved = await reserveOrRecordRefusal(run, input);
  }
  if (reserved.replay) {
    const { orderId, accessToken } = reserved;
    const facts = await run((ctx) => orderFacts(ctx, orderId));
    return {
      orderId,
      number: facts?.number ?? '',
      totalCents: facts?.totalCents ?? 0,
      replayed: true,
      accessToken,
    };
  }
  let outcome: ChargeOutcome;
  try {
    outcome = await reserved.provider.charge({
      token: reserved.token,
      amountCents: reserved.totalCents,
      currency: reserved.currency,
      idempotencyKey: reserved.chargeKey,
      description: reserved.description,
    });
  } catch (error) {
    // The provider failed (not a decline): nothing was charged under this key; undo the reservation.
    await run((ctx) => abandonCheckout(ctx, reserved));
    throw error;
  }
  if (outcome.status === 'declined') {
    await run(async (ctx) => {
      await abandonCheckout(ctx, reserved);
      for (const { rule, key } of declineKeys(ctx, reserved.owner)) await recordFailure(ctx, rule, key);
    });
    throw paymentDeclined(outcome.message, { fields: { card: outcome.message }, declineCode: outcome.code });
  }
  const chargeId = outcome.chargeId;
  try {
    await run((ctx) => completePaidCheckout(ctx, reserved, chargeId, reserved.chargeKey));
  } catch (error) {
    // Compensation: the shopper must never be charged for an order that does not exist.
    const refundKey = `compensate:${reserved.chargeKey}`;
    const refund = await reserved.provider.refund({ chargeId, idempotencyKey: refundKey });
    await run(async (ctx) => {
      await recordCharge(ctx, {
        orderId: reserved.orderId,
        subjectId: reserved.subjectId,
        amountCents: reserved.totalCents,
        currency: reserved.currency,
        providerRef: chargeId,
        idempotencyKey: reserved.chargeKey,
      });
      await recordRefund(ctx, {
        orderId: reserved.orderId,
        subjectId: reserved.subjectId,
        amountCents: refund.amountCents,
        currency: reserved.currency,
        providerRef: refund.refundId,
        idempotencyKey: refundKey,
      });
      await abandonCheckout(ctx, reserved);
    }).catch(() => undefined); // the recovery job finds the submission if this fails too
    throw error;
  }
  return {
    orderId: reserved.orderId,
    number: reserved.number,
    totalCents: reserved.totalCents,
    replayed: false,
    accessToken: reserved.accessToken,
    view: reserved.view,
  };
}
