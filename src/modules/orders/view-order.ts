import { timingSafeEqual } from 'node:crypto';
import { countryName } from '#platform/countries.ts';
import { notFound } from '#platform/errors.ts';
import { hashSecretToken } from '#platform/tokens.ts';
import { normaliseOrderNumber } from './order-number.ts';
import { STATUS_LABELS, type OrderStatus } from './order-status.ts';
import type { OrdersCtx } from './orders-ctx.ts';
import { ordersRepository, type OrderRow } from './orders.repository.ts';
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
  privacyPolicyVersion: string;
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

async function toView(ctx: OrdersCtx, row: OrderRow): Promise<OrderView> {
  const [lines, address, history] = [
    await ordersRepository.lines(ctx.db, row.id),
    await ordersRepository.address(ctx.db, row.id),
    await ordersRepository.statusHistory(ctx.db, row.id),
  ];
  const { contact_email } = await ctx.vault.openRow(ctx, 'orders.order', row.id, {
    contact_email: row.contactEmail,
  });
  const a = address
    ? await ctx.vault.openRow(ctx, 'orders.shipping_address', row.id, {
        recipient_name: address.recipientName,
        street_line1: address.streetLine1,
        street_line2: address.streetLine2,
        city: address.city,
        region: address.region,
        postal_code: address.postalCode,
        phone: address.phone,
      })
    : undefined;
  return assembleOrderView({
    order: row,
    lines,
    contactEmail: contact_email,
    address:
      address && a
        ? {
            recipientName: a.recipient_name,
            line1: a.street_line1,
            line2: a.street_line2,
            city: a.city,
            region: a.region,
            postalCode: a.postal_code,
            countryCode: address.countryCode,
            phone: a.phone,
          }
        : undefined,
    history,
  });
}

/** Who is asking to see an order: a signed-in member and/or a browser holding an access grant. */
export interface OrderViewer {
  customerId?: string | undefined;
  accessToken?: string | undefined;
}

/**
 * The order with this number, if the viewer may see it: the member who placed it, or a browser
 * that checked out or looked the order up in the last 24 hours. Anyone else gets "not found", the
 * same answer as for a number that does not exist.
 */
export async function viewOrder(
  ctx: OrdersCtx,
  typedNumber: string,
  viewer: OrderViewer,
): Promise<OrderView> {
  const number = normaliseOrderNumber(typedNumber);
  const row = number ? await ordersRepository.byNumber(ctx.db, number) : undefined;
  if (row) {
    if (viewer.customerId && row.customerId === viewer.customerId) return toView(ctx, row);
    if (viewer.accessToken) {
      const granted = await ordersRepository.grantedOrderId(
        ctx.db,
        hashSecretToken(viewer.accessToken),
        ctx.now(),
      );
      if (granted === row.id) return toView(ctx, row);
    }
  }
  throw notFound('order', typedNumber.slice(0, 20));
}

/**
 * Guest order lookup (CK-2): order number plus the e-mail given at checkout, compared through
 * the blind index (nothing is decrypted to check). A wrong e-mail and an unknown number get the
 * same answer. On success returns an access token for the order page.
 */
export async function lookUpOrder(
  ctx: OrdersCtx,
  typedNumber: string,
  email: string,
): Promise<{ number: string; accessToken: string }> {
  const number = normaliseOrderNumber(typedNumber);
  const row = number ? await ordersRepository.byNumber(ctx.db, number) : undefined;
  const index = await ctx.vault.blindIndex(ctx, 'orders.order.contact_email', email, 'email');
  const matches =
    row !== undefined &&
    row.contactEmailIndex.length === index.length &&
    timingSafeEqual(Buffer.from(row.contactEmailIndex), Buffer.from(index));
  if (!row || !matches) throw notFound('an order with that number and e-mail address');
  return { number: row.number, accessToken: await grantAccess(ctx, row.id) };
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

/** A member's orders, newest first (CK-2). */
export async function listMemberOrders(
  ctx: OrdersCtx,
  customerId: string,
  limit = 50,
): Promise<OrderSummary[]> {
  const rows = await ordersRepository.ofCustomer(ctx.db, customerId, limit);
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
