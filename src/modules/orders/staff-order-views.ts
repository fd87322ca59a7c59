import type { Ctx } from '#platform/ctx.ts';
import { forbidden, notFound } from '#platform/errors.ts';
import type { StaffRole } from '#platform/actor.ts';
import { unmaskField, visibilityOfColumn, type Purpose, type UnmaskReason } from '#modules/privacy';
import { readOrderPersonal } from './view-order.ts';
import { ordersRepository, type OrderRow } from './orders.repository.ts';
import { placedOrder } from './placed-order.ts';
import { STATUS_LABELS, type OrderStatus } from './order-status.ts';

/** Why each role reads an order (AC-1): the purpose its reads are checked and audited against. */
const PURPOSE_OF_ROLE: Record<StaffRole, Purpose | undefined> = {
  warehouse: 'fulfilment',
  customer_service: 'customer_service',
  finance: 'bookkeeping',
  compliance: 'customer_service',
  owner: 'customer_service',
  operations: undefined, // aggregates only: no order of a person
};

function staffPurpose(ctx: Ctx): Purpose {
  const role = ctx.actor.kind === 'staff' || ctx.actor.kind === 'api_client' ? ctx.actor.role : undefined;
  const purpose = role ? PURPOSE_OF_ROLE[role] : undefined;
  if (!purpose) throw forbidden(`the ${role ?? ctx.actor.kind} role does not see individual orders`);
  return purpose;
}

/** A plain column's value if the acting role may see it (AC-1..6 from `readableBy`), else undefined. */
function shown<T>(ctx: Ctx, row: OrderRow, column: string, value: T, purpose: Purpose): T | undefined {
  const key = column.includes('.') ? column : `orders.order.${column}`;
  return visibilityOfColumn(ctx, key, purpose, row.subjectId) === 'hidden' ? undefined : value;
}

/** One order as a staff role sees it: every field decided by the inventory, never by this code. */
export interface StaffOrderView {
  number: string;
  status: OrderStatus;
  statusLabel: string;
  channel?: string | undefined;
  placedAt?: Date | undefined;
  currency?: string | undefined;
  totalCents?: number | undefined;
  shippingCents?: number | undefined;
  contactEmail?: string | null | undefined;
  shipTo?: Record<string, string | null | undefined> | undefined;
  lines?: { sku: string; productName: string; variantTitle: string; quantity: number }[] | undefined;
}

async function toStaffView(
  ctx: Ctx,
  row: OrderRow,
  purpose: Purpose,
  detail: boolean,
): Promise<StaffOrderView> {
  const address = detail ? await ordersRepository.address(ctx.db, row.id) : undefined;
  const lines = detail ? await ordersRepository.lines(ctx.db, row.id) : undefined;
  const { contactEmail, a: shipTo } = await readOrderPersonal(ctx, row, address, purpose);
  const visibleAddress =
    shipTo && Object.values(shipTo).some((v) => v !== undefined)
      ? {
          ...shipTo,
          country_code: shown(
            ctx,
            row,
            'orders.shipping_address.country_code',
            address!.countryCode,
            purpose,
          ),
        }
      : undefined;
  const lineVisible =
    lines && visibilityOfColumn(ctx, 'orders.order_line.quantity', purpose, row.subjectId) !== 'hidden';
  return {
    number: row.number,
    status: row.status as OrderStatus,
    statusLabel: STATUS_LABELS[row.status as OrderStatus],
    channel: shown(ctx, row, 'channel', row.channel, purpose),
    placedAt: shown(ctx, row, 'placed_at', row.placedAt, purpose),
    currency: shown(ctx, row, 'total_cents', row.currency, purpose),
    totalCents: shown(ctx, row, 'total_cents', row.totalCents, purpose),
    shippingCents: shown(ctx, row, 'shipping_cents', row.shippingCents, purpose),
    contactEmail,
    shipTo: visibleAddress,
    lines: lineVisible
      ? lines.map((l) => ({
          sku: l.sku,
          productName: l.productName,
          variantTitle: l.variantTitle,
          quantity: l.quantity,
        }))
      : undefined,
  };
}

/**
 * The store's recent orders as the acting staff role may see them (customer service: numbers,
 * dates, statuses, totals, masked contact; warehouse: what is to be packed; finance: amounts).
 * Each personal value shown is read through the read path and audited.
 */
export async function listOrdersForStaff(
  ctx: Ctx,
  input: { limit?: number; statuses?: OrderStatus[] } = {},
): Promise<StaffOrderView[]> {
  const purpose = staffPurpose(ctx);
  const rows = await ordersRepository.recent(ctx.db, Math.min(input.limit ?? 50, 100), input.statuses);
  const views: StaffOrderView[] = [];
  for (const row of rows) views.push(await toStaffView(ctx, row, purpose, false));
  return views;
}

/** One parcel of the packing queue: the order as the role sees it, and its processing clock. */
export interface PackingQueueEntry extends StaffOrderView {
  /** The end of the last working day the store promises to hand it over by (CK-3). */
  dueBy: Date;
  /** True once that moment has passed: flagged to the warehouse. */
  late: boolean;
  /** Working days left until `dueBy` (0 on the last day); negative: working days late. */
  workingDaysLeft: number;
}

/**
 * The packing queue (CK-3): paid and processing orders, oldest first, each with its processing
 * deadline counted in the store's working days (weekends and the store's holidays do not count)
 * from the policy's `processingDays.max`, and flagged when late. Reads (and audits) the parcel
 * details the role may see, like every staff read.
 */
export async function packingQueue(
  ctx: Ctx,
  input: { limit?: number } = {},
): Promise<{ parcels: PackingQueueEntry[]; late: number }> {
  const purpose = staffPurpose(ctx);
  const rows = await ordersRepository.oldestIn(
    ctx.db,
    ['paid', 'processing'],
    Math.min(input.limit ?? 50, 200),
  );
  const now = ctx.now();
  const days = ctx.tenant.policy.processingDays.max;
  const parcels: PackingQueueEntry[] = [];
  for (const row of rows) {
    const dueBy = ctx.calendar.addWorkingDays(days, row.placedAt);
    const late = now.getTime() > dueBy.getTime();
    const workingDaysLeft = late
      ? -Math.max(1, ctx.calendar.workingDaysBetween(dueBy, now))
      : ctx.calendar.workingDaysBetween(now, dueBy);
    parcels.push({ ...(await toStaffView(ctx, row, purpose, true)), dueBy, late, workingDaysLeft });
  }
  return { parcels, late: parcels.filter((p) => p.late).length };
}

/** One order, by number, as the acting staff role may see it (AC-2, AC-3, AC-5). */
export async function orderForStaff(ctx: Ctx, typedNumber: string): Promise<StaffOrderView> {
  const purpose = staffPurpose(ctx);
  const row = await placedOrder(ctx, typedNumber);
  return toStaffView(ctx, row, purpose, true);
}

/** The order fields customer service may unmask, and the table each lives in. */
export const UNMASKABLE_ORDER_FIELDS = {
  contact_email: 'orders.order',
  recipient_name: 'orders.shipping_address',
  street_line1: 'orders.shipping_address',
  street_line2: 'orders.shipping_address',
  city: 'orders.shipping_address',
  postal_code: 'orders.shipping_address',
  phone: 'orders.shipping_address',
} as const;
export type UnmaskableOrderField = keyof typeof UNMASKABLE_ORDER_FIELDS;

/**
 * One masked field of one order in clear, for the case at hand (AC-3): through the privacy
 * engine's unmask, which checks the role, limits the rate and audits the reason.
 */
export async function unmaskOrderField(
  ctx: Ctx,
  typedNumber: string,
  field: UnmaskableOrderField,
  why: { reason: UnmaskReason; reference: string },
): Promise<string | null> {
  const purpose = staffPurpose(ctx);
  const row = await placedOrder(ctx, typedNumber);
  if (UNMASKABLE_ORDER_FIELDS[field] === 'orders.order')
    return unmaskField(
      ctx,
      {
        table: 'orders.order',
        rowId: row.id,
        subjectId: row.subjectId,
        values: { contact_email: row.contactEmail },
      },
      'contact_email',
      purpose,
      why,
    );
  const address = await ordersRepository.address(ctx.db, row.id);
  if (!address) throw notFound('shipping address of order', typedNumber);
  const values = {
    recipient_name: address.recipientName,
    street_line1: address.streetLine1,
    street_line2: address.streetLine2,
    city: address.city,
    postal_code: address.postalCode,
    phone: address.phone,
  };
  return unmaskField(
    ctx,
    { table: 'orders.shipping_address', rowId: row.id, subjectId: row.subjectId, values },
    field as keyof typeof values,
    purpose,
    why,
  );
}

/**
 * Customer service's customer lookup (AC-3): the orders whose contact e-mail is exactly `email`,
 * found through the blind index (the e-mail is never compared in clear or stored), shown as the
 * role's masked list. The lookup itself is audited; at most 20 orders, and no list of customers.
 */
export async function ordersByEmailForStaff(ctx: Ctx, email: string): Promise<StaffOrderView[]> {
  const role = ctx.actor.kind === 'staff' ? ctx.actor.role : undefined;
  if (role !== 'customer_service') throw forbidden('only customer service looks customers up');
  const purpose = staffPurpose(ctx);
  const index = await ctx.vault.blindIndex(ctx, 'orders.order.contact_email_index', email, 'email');
  const rows = await ordersRepository.byContactEmailIndex(ctx.db, index, 20);
  await ctx.audit.record(ctx, {
    action: 'read',
    table: 'orders.order',
    fields: ['contact_email_index'],
    purpose,
    detail: { lookup: 'exact_email', found: rows.length },
  });
  const views: StaffOrderView[] = [];
  for (const row of rows) views.push(await toStaffView(ctx, row, purpose, false));
  return views;
}
