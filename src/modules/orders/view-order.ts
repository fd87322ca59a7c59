import { timingSafeEqual } from 'node:crypto';
import { countryName } from '#platform/countries.ts';
import { notFound } from '#platform/errors.ts';
import { normaliseOrderNumber } from './order-number.ts';
import { STATUS_LABELS, type OrderStatus } from './order-status.ts';
import type { Ctx } from '#platform/ctx.ts';
import { readPersonal, type Purpose } from '#modules/privacy';
import { ordersRepository, type OrderRow, type ShippingAddressRow } from './orders.repository.ts';
import { grantAccess } from './access-grant.ts';

/** An order as its shopper sees it, personal fields decrypted (the subject reading their own data). */
export interface OrderView {
  id: string;
  number: string;
  status: OrderStatus;
  statusLabel: string;
  placedAt: Date;
  currency: string;
  lines: {
    sku: string;
    productName: string;
    variantTitle: string;
    quantity: number;
    unitWasCents: number;
    unitNowCents: number;
    lineNowCents: number;
  }[];
  subtotalWasCents: number;
  subtotalNowCents: number;
  savingsCents: number;
  shippingCents: number;
  totalCents: number;
  /** Null where the shopper's data was erased (crypto-shredded). */
  contactEmail: string | null;
  shipTo: {
    recipientName: string | null;
    line1: string | null;
    line2: string | null;
    city: string | null;
    region: string | null;
    postalCode: string | null;
    countryCode: string;
    countryName: string;
    phone: string | null;
  };
  history: { at: Date; status: OrderStatus }[];
  /** The privacy-policy version accepted at checkout (none for a marketplace order). */
  privacyPolicyVersion: string | null;
}

/** What an order view is made of, once its personal fields are in plaintext. */
export interface OrderParts {
  order: Pick<
    OrderRow,
    | 'id'
    | 'number'
    | 'status'
    | 'placedAt'
    | 'currency'
    | 'subtotalWasCents'
    | 'subtotalNowCents'
    | 'shippingCents'
    | 'totalCents'
    | 'privacyPolicyVersion'
  >;
  /** The lines as stored; each line's total is computed. */
  lines: Omit<OrderView['lines'][number], 'lineNowCents'>[];
  contactEmail: string | null;
  /** The address as stored (the country's name is derived); undefined when there is none. */
  address: Omit<OrderView['shipTo'], 'countryName'> | undefined;
  history: { at: Date; toStatus: string }[];
}

/** Assembles the shopper's view of an order (also used right after checkout, without re-reading it). */
export function assembleOrderView(parts: OrderParts): OrderView {
  const { order: row, address: a } = parts;
  const status = row.status as OrderStatus;
  return {
    id: row.id,
    number: row.number,
    status,
    statusLabel: STATUS_LABELS[status],
    placedAt: row.placedAt,
    currency: row.currency,
    lines: parts.lines.map((l) => ({
      sku: l.sku,
      productName: l.productName,
      variantTitle: l.variantTitle,
      quantity: l.quantity,
      unitWasCents: l.unitWasCents,
      unitNowCents: l.unitNowCents,
      lineNowCents: l.unitNowCents * l.quantity,
    })),
    subtotalWasCents: row.subtotalWasCents,
    subtotalNowCents: row.subtotalNowCents,
    savingsCents: row.subtotalWasCents - row.subtotalNowCents,
    shippingCents: row.shippingCents,
    totalCents: row.totalCents,
    contactEmail: parts.contactEmail,
    shipTo: {
      recipientName: a?.recipientName ?? null,
      line1: a?.line1 ?? null,
      line2: a?.line2 ?? null,
      city: a?.city ?? null,
      region: a?.region ?? null,
      postalCode: a?.postalCode ?? null,
      countryCode: a?.countryCode ?? '',
      countryName: a ? countryName(a.countryCode) : '',
      phone: a?.phone ?? null,
    },
    history: parts.history.map((h) => ({ at: h.at, status: h.toStatus as OrderStatus })),
    privacyPolicyVersion: row.privacyPolicyVersion,
  };
}

/**
 * The sealed personal fields of an order, read for `purpose` as `ctx.actor` may see them (the
 * shopper's own views and the staff views share it).
 */
export async function readOrderPersonal(
  ctx: Ctx,
  row: OrderRow,
  address: ShippingAddressRow | undefined,
  purpose: Purpose,
) {
  const { contact_email } = await readPersonal(
    ctx,
    {
      table: 'orders.order',
      rowId: row.id,
      subjectId: row.subjectId,
      values: { contact_email: row.contactEmail },
    },
    purpose,
  );
  const a = address
    ? await readPersonal(
        ctx,
        {
          table: 'orders.shipping_address',
          rowId: row.id,
          subjectId: row.subjectId,
          values: {
            recipient_name: address.recipientName,
            street_line1: address.streetLine1,
            street_line2: address.streetLine2,
            city: address.city,
            region: address.region,
            postal_code: address.postalCode,
            phone: address.phone,
          },
        },
        purpose,
      )
    : undefined;
  // undefined: hidden from this actor (a staff view leaves it out); null: no value, or erased.
  return { contactEmail: contact_email, a };
}

/**
 * The address as read for the actor (`readOrderPersonal`'s `a`) in the shape the views use, a
 * field empty where it has no value or is hidden; undefined when the order has no address.
 */
export function openedAddress(
  address: ShippingAddressRow | undefined,
  a: Awaited<ReturnType<typeof readOrderPersonal>>['a'],
): OrderParts['address'] {
  if (!address || !a) return undefined;
  return {
    recipientName: a.recipient_name ?? null,
    line1: a.street_line1 ?? null,
    line2: a.street_line2 ?? null,
    city: a.city ?? null,
    region: a.region ?? null,
    postalCode: a.postal_code ?? null,
    countryCode: address.countryCode,
    phone: a.phone ?? null,
  };
}

async function toView(ctx: Ctx, row: OrderRow, purpose: Purpose): Promise<OrderView> {
  const [lines, address, history] = [
    await ordersRepository.lines(ctx.db, row.id),
    await ordersRepository.address(ctx.db, row.id),
    await ordersRepository.statusHistory(ctx.db, row.id),
  ];
  const { contactEmail, a } = await readOrderPersonal(ctx, row, address, purpose);
  // The shopper's own view: a field is either shown or empty.
  return assembleOrderView({
    order: row,
    lines,
    contactEmail: contactEmail ?? null,
    address: openedAddress(address, a),
    history,
  });
}

/**
 * The order with this number, if the request may see it: the member who placed it, or a browser
 * holding an access grant for it (checkout or lookup in the last 24 hours; it then reads as the
 * order's guest). Anyone else gets "not found", the same answer as for a number that does not
 * exist. An order still waiting for its payment is not shown.
 */
export async function viewOrder(ctx: Ctx, typedNumber: string): Promise<OrderView> {
  const number = normaliseOrderNumber(typedNumber);
  const row = number ? await ordersRepository.byNumber(ctx.db, number) : undefined;
  if (row && row.status !== 'awaiting_payment') {
    if (ctx.actor.kind === 'member' && row.customerId === ctx.actor.customerId)
      return toView(ctx, row, 'order_updates');
    if (ctx.request?.grantedOrderId === row.id && row.subjectId)
      return toView(
        { ...ctx, actor: { kind: 'guest', orderId: row.id, subjectId: row.subjectId } },
        row,
        'order_updates',
      );
  }
  throw notFound('order', typedNumber.slice(0, 20));
}

/**
 * Guest order lookup (CK-2): order number plus the e-mail given at checkout, compared through
 * the blind index (nothing is decrypted to check). A wrong e-mail and an unknown number get the
 * same answer. On success returns an access token for the order page.
 */
export async function lookUpOrder(
  ctx: Ctx,
  typedNumber: string,
  email: string,
  options: { grant?: boolean } = {},
): Promise<{ number: string; orderId: string; accessToken: string }> {
  const number = normaliseOrderNumber(typedNumber);
  const row = number ? await ordersRepository.byNumber(ctx.db, number) : undefined;
  const index = await ctx.vault.blindIndex(ctx, 'orders.order.contact_email_index', email, 'email');
  const matches =
    row?.contactEmailIndex != null &&
    row.status !== 'awaiting_payment' &&
    row.contactEmailIndex.length === index.length &&
    timingSafeEqual(Buffer.from(row.contactEmailIndex), Buffer.from(index));
  if (!row || !matches) throw notFound('an order with that number and e-mail address');
  const accessToken = options.grant === false ? '' : await grantAccess(ctx, row.id);
  return { number: row.number, orderId: row.id, accessToken };
}

/** A line of a member's order history. */
export interface OrderSummary {
  number: string;
  status: OrderStatus;
  statusLabel: string;
  placedAt: Date;
  totalCents: number;
  currency: string;
  units: number;
}

/** The acting member's orders, newest first (CK-2); nobody else has a history. */
export async function listMemberOrders(ctx: Ctx, limit = 50): Promise<OrderSummary[]> {
  if (ctx.actor.kind !== 'member') return [];
  const rows = await ordersRepository.ofCustomer(ctx.db, ctx.actor.customerId, limit);
  return rows.map((r) => ({
    number: r.number,
    status: r.status as OrderStatus,
    statusLabel: STATUS_LABELS[r.status as OrderStatus],
    placedAt: r.placedAt,
    totalCents: r.totalCents,
    currency: r.currency,
    units: Number(r.units),
  }));
}

/**
 * An order as the system reads it for a purpose (the confirmation e-mail: `order_updates`): the
 * view, plus the subject it belongs to. Every personal field read is audited as the system's.
 */
export async function orderForSystem(
  ctx: Ctx,
  orderId: string,
  purpose: Purpose,
): Promise<(OrderView & { subjectId: string | null }) | undefined> {
  const row = await ordersRepository.byId(ctx.db, orderId);
  if (!row) return undefined;
  return { ...(await toView(ctx, row, purpose)), subjectId: row.subjectId };
}

/** An order's non-personal facts (number, status, amounts, lines, its subject), for other modules' bookkeeping. */
export async function orderFacts(ctx: Ctx, orderId: string) {
  const row = await ordersRepository.byId(ctx.db, orderId);
  if (!row) return undefined;
  const lines = await ordersRepository.lines(ctx.db, orderId);
  return {
    number: row.number,
    status: row.status as OrderStatus,
    totalCents: row.totalCents,
    currency: row.currency,
    subjectId: row.subjectId,
    lines: lines.map((l) => ({
      productId: l.productId,
      sku: l.sku,
      productName: l.productName,
      quantity: l.quantity,
    })),
  };
}

/**
 * What an order confirmation says, read by the system for `order_updates` (audited): number,
 * lines and amounts, and the contact e-mail; never the address (the e-mail does not carry it).
 */
export async function orderConfirmationFacts(ctx: Ctx, orderId: string) {
  const found = await ordersRepository.withLines(ctx.db, orderId);
  if (!found) return undefined;
  const { order: row, lines } = found;
  const { contact_email } = await readPersonal(
    ctx,
    {
      table: 'orders.order',
      rowId: row.id,
      subjectId: row.subjectId,
      values: { contact_email: row.contactEmail },
    },
    'order_updates',
  );
  return {
    view: assembleOrderView({
      order: row,
      lines,
      contactEmail: contact_email ?? null,
      address: undefined,
      history: [],
    }),
    subjectId: row.subjectId,
  };
}
