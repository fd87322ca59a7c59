import type { Ctx } from '#platform/ctx.ts';
import { actorLabel } from '#platform/actor.ts';
import { AppError } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import type { Purpose, Recipient } from '../inventory/define-personal-data.ts';
import type { Inventory } from '../inventory/inventory.ts';
import { sharingRepository, type ProcessorRow } from './sharing.repository.ts';
import { processorCache } from './processor-cache.ts';

/** The kinds of outside party a store registers: the inventory's recipients. */
export type ProcessorKind = Recipient;

/**
 * Names a payload may carry that are not stored personal fields: references and amounts an
 * outside service needs, the card on its way to the payment provider, and the parcel facts a
 * carrier needs — each with the kinds of recipient it may go to. Anything else must be a field of
 * the data inventory whose `sharedWith` names the recipient (SH-5).
 */
export const SHARE_REFERENCES: Record<string, { means: string; label: string; for: readonly Recipient[] }> = {
  order_ref: {
    means: "the order's public number",
    label: 'order number',
    for: ['payment_provider', 'carrier', 'tracking_provider', 'marketplace'],
  },
  settlement_ref: {
    means: "the payment's settlement serial (the charge's idempotency key)",
    label: 'payment reference',
    for: ['payment_provider'],
  },
  amount_cents: { means: 'an amount in cents', label: 'amount', for: ['payment_provider'] },
  currency: { means: 'a currency code', label: 'currency', for: ['payment_provider'] },
  payment_card: {
    means: 'the card as the shopper typed it, passed straight to the payment provider, never stored',
    label: 'card details (passed through, not stored)',
    for: ['payment_provider'],
  },
  payment_token: {
    means: "the payment provider's own token for a card",
    label: 'card token',
    for: ['payment_provider'],
  },
  tracking_number: {
    means: "the carrier's tracking number",
    label: 'tracking number',
    for: ['tracking_provider'],
  },
  carrier: { means: "the carrier's name", label: 'carrier name', for: ['tracking_provider'] },
  callback_url: {
    means: "where the provider reports a parcel's scans: a Pledge address naming the store",
    label: 'where to report scans (our address)',
    for: ['tracking_provider'],
  },
  parcel_weight_grams: { means: "the parcel's weight", label: 'parcel weight', for: ['carrier'] },
  ship_from_country: {
    means: "the country of the store's warehouse",
    label: 'warehouse country',
    for: ['carrier'],
  },
  customs_declaration: {
    means:
      "a cross-border parcel's customs declaration: each item's description, HS code, quantity, value and origin (no personal data)",
    label: 'customs declaration of the goods',
    for: ['carrier'],
  },
};

/** A kind of processor as a sentence names it: "payment provider". */
export const kindLabel = (kind: string): string => kind.replaceAll('_', ' ');

/**
 * Whether a field may go to that kind of recipient at all: a stored personal field the inventory
 * declares as shared with it, or a declared reference. The gate checks each share with it, the
 * register each agreement, and the back office lists what a kind may be given.
 */
export function shareableWith(inventory: Inventory, field: string, kind: ProcessorKind): boolean {
  const declared = inventory.field(field);
  return declared
    ? declared.sharedWith.includes(kind)
    : (SHARE_REFERENCES[field]?.for.includes(kind) ?? false);
}

/** What the gate decided about a share before anything was sent. */
export type ShareCheck =
  | {
      released: true;
      processor: ProcessorRow;
      recipient: ProcessorKind;
      purpose: Purpose;
      fields: string[];
    }
  | {
      released: false;
      processorId: string | null;
      recipient: ProcessorKind;
      purpose: Purpose;
      fields: string[];
      reason: string;
    };

declare const permitBrand: unique symbol;

/**
 * The only way a payload reaches an outside service: adapters accept a permit, not a payload, and
 * send exactly `payload`. Only `recordShare` makes one, after the checks and the register entry.
 */
export interface SharePermit<P extends object> {
  readonly processorId: string;
  readonly processorName: string;
  readonly recipient: ProcessorKind;
  readonly purpose: Purpose;
  readonly disclosureId: string;
  readonly payload: Readonly<P>;
  readonly [permitBrand]: true;
}

/** A share the gate refused: nothing was sent. Its message names the recipient and the reason. */
export class ShareRefused extends AppError {
  constructor(
    readonly check: Extract<ShareCheck, { released: false }>,
    /** The reference the share was for (an order number), for the register. */
    readonly ref?: string,
  ) {
    super('unavailable', `sharing with the ${kindLabel(check.recipient)} was refused: ${check.reason}`);
  }
}

/**
 * Checks a share before anything is sent (SH-1..6): the store must have an active processor of
 * that kind, for that purpose, whose agreement lists every field; a stored personal field must
 * also be declared in the inventory as shared with that kind of recipient; any other name must be
 * a declared reference (`SHARE_REFERENCES`). Writes nothing.
 */
export async function checkShare(
  ctx: Ctx,
  request: { recipient: ProcessorKind; purpose: Purpose; fields: string[] },
): Promise<ShareCheck> {
  const { recipient, purpose } = request;
  const fields = [...new Set(request.fields)].sort();
  const refuse = (processorId: string | null, reason: string): ShareCheck => ({
    released: false,
    processorId,
    recipient,
    purpose,
    fields,
    reason,
  });
  let found = processorCache.get(ctx.tenant.id, recipient);
  if (!found) {
    found = await sharingRepository.activeProcessor(ctx.db, recipient);
    if (found) processorCache.set(found);
  }
  if (!found)
    return refuse(null, `this store has no active ${kindLabel(recipient)} in its processor register`);
  if (found.purpose !== purpose)
    return refuse(found.id, `${found.name} is registered for ${found.purpose}, not ${purpose}`);
  const outside = fields.filter((f) => !found.fields.includes(f));
  if (outside.length > 0)
    return refuse(found.id, `fields outside ${found.name}'s agreement: ${outside.join(', ')}`);
  const undeclared = fields.filter((f) => !shareableWith(ctx.vault.inventory, f, recipient));
  if (undeclared.length > 0)
    return refuse(
      found.id,
      `fields not declared as shared with a ${kindLabel(recipient)}: ${undeclared.join(', ')}`,
    );
  return { released: true, processor: found, recipient, purpose, fields };
}

/** The disclosure row of a decision, and its audit event. */
async function register(ctx: Ctx, check: ShareCheck, ref: string | undefined): Promise<string> {
  const id = newId('dsc', ctx.now());
  const row = {
    id,
    recipient: check.recipient,
    purpose: check.purpose,
    fields: check.fields,
    ref: ref ?? null,
    actor: actorLabel(ctx.actor),
    at: ctx.now(),
  };
  if (check.released) {
    // Released only while the processor is still active: a termination committed since this
    // process cached it is caught here, in the same statement that writes the disclosure.
    if (
      !(await sharingRepository.insertReleasedDisclosure(ctx.db, { ...row, processorId: check.processor.id }))
    ) {
      processorCache.forget(ctx.tenant.id);
      throw new ShareRefused({
        released: false,
        processorId: null,
        recipient: check.recipient,
        purpose: check.purpose,
        fields: check.fields,
        reason: `${check.processor.name} was terminated`,
      });
    }
  } else {
    await sharingRepository.insertDisclosure(ctx.db, {
      ...row,
      processorId: check.processorId,
      outcome: 'refused',
      reason: check.reason,
    });
  }
  await ctx.audit.record(ctx, {
    action: 'share',
    fields: check.fields,
    purpose: check.purpose,
    detail: {
      recipient: check.recipient,
      outcome: check.released ? 'released' : 'refused',
      disclosure: id,
      ...(ref ? { ref } : {}),
    },
  });
  return id;
}

/**
 * Records a released share in the disclosure register and the audit log, in the caller's
 * transaction, and hands out the permit its adapter sends. The payload must carry exactly the
 * checked fields (a programming error otherwise: nothing is recorded or sent).
 */
export async function recordShare<P extends object>(
  ctx: Ctx,
  check: Extract<ShareCheck, { released: true }>,
  share: { ref?: string | undefined; payload: P },
): Promise<SharePermit<P>> {
  const keys = Object.keys(share.payload).sort();
  if (keys.join(',') !== check.fields.join(','))
    throw new Error(
      `share payload fields [${keys.join(', ')}] differ from the checked [${check.fields.join(', ')}]`,
    );
  const disclosureId = await register(ctx, check, share.ref);
  return {
    processorId: check.processor.id,
    processorName: check.processor.name,
    recipient: check.recipient,
    purpose: check.purpose,
    disclosureId,
    payload: Object.freeze({ ...share.payload }),
  } as SharePermit<P>;
}

/**
 * Records a refused share (register and audit) in its own transaction's ctx — the caller's
 * transaction is rolled back by the refusal, so the refusal must be written apart.
 */
export async function recordRefusal(
  ctx: Ctx,
  check: Extract<ShareCheck, { released: false }>,
  ref?: string,
): Promise<void> {
  await register(ctx, check, ref);
}

/** Runs a function in one transaction of the acting store (a route's `inStore`, a job's `asSystem`). */
export type InTransaction = <R>(fn: (ctx: Ctx) => Promise<R>) => Promise<R>;

/**
 * Runs `work` in a transaction; if the gate refused a share in it (the refusal rolls the work
 * back, so nothing half-done remains), the refusal is registered in a transaction of its own and
 * the error goes on to the caller.
 */
export async function refusalsRecorded<T>(run: InTransaction, work: (ctx: Ctx) => Promise<T>): Promise<T> {
  try {
    return await run(work);
  } catch (error) {
    if (error instanceof ShareRefused) await run((ctx) => recordRefusal(ctx, error.check, error.ref));
    throw error;
  }
}

/**
 * Checks and records a share in one step (the usual case): the permit, or `ShareRefused`.
 * Fields left undefined in the payload are not sent and not checked.
 */
export async function releaseShare<P extends object>(
  ctx: Ctx,
  request: { recipient: ProcessorKind; purpose: Purpose; ref?: string | undefined; payload: P },
): Promise<SharePermit<P>> {
  const payload = Object.fromEntries(
    Object.entries(request.payload).filter(([, v]) => v !== undefined && v !== null),
  ) as P;
  const check = await checkShare(ctx, {
    recipient: request.recipient,
    purpose: request.purpose,
    fields: Object.keys(payload),
  });
  if (!check.released) throw new ShareRefused(check, request.ref);
  return recordShare(ctx, check, { ref: request.ref, payload });
}
