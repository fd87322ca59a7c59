import type { Ctx } from '#platform/ctx.ts';
import { actorLabel } from '#platform/actor.ts';
import { conflict } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { newOrderNumber } from './order-number.ts';
import { ordersRepository } from './orders.repository.ts';
import { newAccessGrant } from './access-grant.ts';
import type { OrderStatus } from './order-status.ts';
import type { AddressInput } from '#platform/shipping-address.ts';

/** A shipping address in plaintext, on its way to being sealed. */
export type OrderAddress = AddressInput;

/**
 * An order's shipping address sealed under its subject's key, as `orders.shipping_address`
 * stores it (the country stays plain: it decides the form and the carrier, not the person).
 */
export async function sealedAddress(ctx: Ctx, subjectId: string, orderId: string, a: OrderAddress) {
  const sealed = await ctx.vault.seal(ctx, subjectId, 'orders.shipping_address', orderId, {
    recipient_name: a.recipientName,
    street_line1: a.line1,
    street_line2: a.line2,
    city: a.city,
    region: a.region,
    postal_code: a.postalCode,
    phone: a.phone,
  });
  return {
    fields: Object.keys(sealed),
    row: {
      recipientName: sealed.recipient_name,
      streetLine1: sealed.street_line1,
      streetLine2: sealed.street_line2,
      city: sealed.city,
      region: sealed.region,
      postalCode: sealed.postal_code,
      countryCode: a.countryCode,
      phone: sealed.phone,
    },
  };
}

/** A line of a new order: the item and the prices it sold at. */
export interface OrderLineInput {
  variantId: string;
  productId: string;
  sku: string;
  productName: string;
  variantTitle: string;
  quantity: number;
  unitWasCents: number;
  unitNowCents: number;
  campaignSlug?: string | null;
}

/** Everything an order is made of, whichever channel it came from. */
export interface NewOrder {
  channel: 'storefront' | 'marketplace';
  /** The channel's own id (a marketplace order id): importing it twice is refused. */
  externalRef?: string;
  /** The member who placed it, if any. */
  customerId?: string;
  /**
   * The data subject whose key seals the personal fields: the member, or a new subject per guest
   * or marketplace buyer (`newSubject: true` creates its key without looking for one).
   */
  subjectId: string;
  newSubject: boolean;
  /** `awaiting_payment` for a checkout about to charge; `paid` for an order paid elsewhere. */
  status: Extract<OrderStatus, 'awaiting_payment' | 'paid'>;
  currency: string;
  subtotalWasCents: number;
  subtotalNowCents: number;
  shippingCents: number;
  totalCents: number;
  contactEmail: string;
  address: OrderAddress;
  lines: OrderLineInput[];
  /** The privacy-policy version accepted, and when (a storefront checkout's consent, CN-3). */
  policy?: { version: string; acceptedAt: Date };
  /** Give a guest browser an access grant for the new order (returned as `accessToken`). */
  grantAccess: boolean;
}

/** A created order. */
export interface CreatedOrder {
  orderId: string;
  number: string;
  accessToken: string | undefined;
}

/** What the `orders.order_placed` event carries: ids, channel and units, never personal values. */
export function orderPlacedPayload(
  orderId: string,
  number: string,
  channel: string,
  lines: { productId: string; quantity: number }[],
) {
  return {
    orderId,
    number,
    channel,
    lines: lines.map((l) => ({ productId: l.productId, units: l.quantity })),
  };
}

/**
 * Creates an order from any channel (the storefront's checkout, a marketplace import) in the
 * caller's transaction: the contact e-mail and every address field sealed under the subject's key,
 * the e-mail's blind index for guest lookup, lines, first status and (for a guest) an access grant,
 * all in one statement. An order created `paid` announces itself at once (`orders.order_placed`).
 */
export async function createOrder(ctx: Ctx, input: NewOrder): Promise<CreatedOrder> {
  if (input.externalRef && (await ordersRepository.byChannelRef(ctx.db, input.channel, input.externalRef)))
    throw conflict(`order '${input.externalRef}' of ${input.channel} was already imported`);
  const now = ctx.now();
  const orderId = newId('ord', now);
  const number = newOrderNumber(ctx.tenant.slug);
  if (input.newSubject) await ctx.vault.newSubject(ctx, input.subjectId);
  const sealedOrder = await ctx.vault.seal(ctx, input.subjectId, 'orders.order', orderId, {
    contact_email: input.contactEmail,
  });
  const address = await sealedAddress(ctx, input.subjectId, orderId, input.address);
  const grant = input.grantAccess ? newAccessGrant(ctx, orderId) : undefined;
  await ordersRepository.insertOrder(ctx.db, {
    order: {
      id: orderId,
      number,
      channel: input.channel,
      externalRef: input.externalRef ?? null,
      customerId: input.customerId ?? null,
      subjectId: input.subjectId,
      status: input.status,
      currency: input.currency,
      subtotalWasCents: input.subtotalWasCents,
      subtotalNowCents: input.subtotalNowCents,
      shippingCents: input.shippingCents,
      totalCents: input.totalCents,
      contactEmail: sealedOrder.contact_email,
      contactEmailIndex: await ctx.vault.blindIndex(
        ctx,
        'orders.order.contact_email_index',
        input.contactEmail,
        'email',
      ),
      privacyPolicyVersion: input.policy?.version ?? null,
      policyAcceptedAt: input.policy?.acceptedAt ?? null,
      placedAt: now,
      updatedAt: now,
    },
    lines: input.lines.map((l, position) => ({
      ...l,
      campaignSlug: l.campaignSlug ?? null,
      orderId,
      position,
    })),
    address: { orderId, ...address.row },
    status: { orderId, at: now, fromStatus: null, toStatus: input.status, actor: actorLabel(ctx.actor) },
    grant: grant?.row,
  });
  // AU-1: storing a person's data is audited like reading it (names of fields, never values).
  await ctx.audit.record(ctx, {
    action: 'checkout',
    subjectId: input.subjectId,
    table: 'orders.order',
    fields: ['contact_email', ...address.fields.map((c) => `shipping_address.${c}`)],
    purpose: 'fulfilment',
    detail: { order: number, channel: input.channel },
  });
  if (input.status === 'paid')
    await ctx.events.publish(
      'orders.order_placed',
      orderPlacedPayload(orderId, number, input.channel, input.lines),
    );
  return { orderId, number, accessToken: grant?.token };
}
