import type { Ctx } from '#platform/ctx.ts';
import { roleOfActor } from '#platform/actor.ts';
import { conflict, forbidden, invalid, notFound } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { PURPOSES, type Purpose } from '../inventory/define-personal-data.ts';
import { sharingRepository, type DisclosureRow, type ProcessorRow } from './sharing.repository.ts';
import { kindLabel, shareableWith, type ProcessorKind } from './sharing-gate.ts';
import { processorCache } from './processor-cache.ts';

/** The kinds of processor a store can register. */
export const PROCESSOR_KINDS: ProcessorKind[] = [
  'payment_provider',
  'carrier',
  'tracking_provider',
  'marketplace',
  'email_relay',
];

/** A processor as staff see it (SH-6). */
export interface ProcessorView {
  id: string;
  kind: string;
  name: string;
  purpose: string;
  agreementRef: string;
  fields: string[];
  state: 'active' | 'terminated';
  registeredAt: Date;
  terminatedAt: Date | null;
  terminationReason: string | null;
}

/** Owner and compliance manage the register; jobs and operators may too (seeding, migrations). */
function assertManagesProcessors(ctx: Ctx): void {
  const role = roleOfActor(ctx.actor);
  if (role === 'owner' || role === 'compliance') return;
  if (ctx.actor.kind === 'system' || ctx.actor.kind === 'operator') return;
  throw forbidden('only the owner and compliance manage the processor register');
}

/** Every process drops its cached processors of this store (this one at once, others at commit). */
async function announceRegisterChange(ctx: Ctx): Promise<void> {
  processorCache.forget(ctx.tenant.id);
  await sharingRepository.announceChange(ctx.db, ctx.tenant.id);
}

const view = (r: ProcessorRow): ProcessorView => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  purpose: r.purpose,
  agreementRef: r.agreementRef,
  fields: r.fields,
  state: r.state === 'active' ? 'active' : 'terminated',
  registeredAt: r.registeredAt,
  terminatedAt: r.terminatedAt,
  terminationReason: r.terminationReason,
});

/** The store's processors, active and terminated, newest first. */
export async function listProcessors(ctx: Ctx): Promise<ProcessorView[]> {
  assertManagesProcessors(ctx);
  return (await sharingRepository.processors(ctx.db)).map(view);
}

/**
 * Registers an outside party the store shares data with, for one purpose, under an agreement,
 * with the fields that agreement allows. Each field must be a declared personal field shared
 * with that kind of recipient, or a declared reference; one active processor per kind.
 */
export async function registerProcessor(
  ctx: Ctx,
  input: { kind: ProcessorKind; name: string; purpose: Purpose; agreementRef: string; fields: string[] },
): Promise<ProcessorView> {
  assertManagesProcessors(ctx);
  if (!PROCESSOR_KINDS.includes(input.kind)) throw invalid(`unknown processor kind '${input.kind}'`);
  if (!PURPOSES.includes(input.purpose)) throw invalid(`unknown purpose '${input.purpose}'`);
  const name = input.name.trim();
  const agreementRef = input.agreementRef.trim();
  if (!name || name.length > 120) throw invalid('a processor needs a name of 1–120 characters');
  if (!agreementRef || agreementRef.length > 200)
    throw invalid('a processor needs the reference of its agreement (1–200 characters)');
  const fields = [...new Set(input.fields.map((f) => f.trim()).filter(Boolean))].sort();
  if (fields.length === 0) throw invalid('a processor needs at least one allowed field');
  const wrong = fields.filter((f) => !shareableWith(ctx.vault.inventory, f, input.kind));
  if (wrong.length > 0)
    throw invalid(
      `not declared as shareable with a ${kindLabel(input.kind)}: ${wrong.join(', ')} (declare it in the data inventory first)`,
    );
  if (await sharingRepository.activeProcessor(ctx.db, input.kind))
    throw conflict(`this store already has an active ${kindLabel(input.kind)}; terminate it first`);
  const row = {
    id: newId('prc', ctx.now()),
    kind: input.kind,
    name,
    purpose: input.purpose,
    agreementRef,
    fields,
    state: 'active',
    registeredAt: ctx.now(),
  };
  await sharingRepository.insertProcessor(ctx.db, row);
  await announceRegisterChange(ctx);
  await ctx.audit.record(ctx, {
    action: 'change',
    table: 'privacy.processor',
    fields: ['state'],
    detail: { processor: row.id, kind: row.kind, state: 'active' },
  });
  return view({ ...row, tenantId: ctx.tenant.id, terminatedAt: null, terminationReason: null });
}

/**
 * Terminates a processor (SH-6): from this commit on the gate refuses every share with it, in
 * every process (each share reads the register in its own transaction).
 */
export async function terminateProcessor(ctx: Ctx, id: string, reason: string): Promise<void> {
  assertManagesProcessors(ctx);
  const why = reason.trim();
  if (!why || why.length > 300) throw invalid('say why the processor is terminated (1–300 characters)');
  const found = await sharingRepository.findProcessor(ctx.db, id);
  if (!found) throw notFound('processor', id);
  if (!(await sharingRepository.terminate(ctx.db, id, ctx.now(), why)))
    throw conflict(`processor '${id}' is already terminated`);
  await announceRegisterChange(ctx);
  await ctx.audit.record(ctx, {
    action: 'change',
    table: 'privacy.processor',
    fields: ['state'],
    detail: { processor: id, kind: found.kind, state: 'terminated' },
  });
}

/** A disclosure-register entry as compliance reads it: who, why, which fields, when — no value. */
export type DisclosureView = Omit<DisclosureRow, 'tenantId'>;

/** The disclosure register (SH-5), newest first: compliance and the owner. */
export async function listDisclosures(
  ctx: Ctx,
  filter: { outcome?: 'released' | 'refused' | undefined; ref?: string | undefined; limit?: number } = {},
): Promise<DisclosureView[]> {
  assertManagesProcessors(ctx);
  const rows = await sharingRepository.disclosures(ctx.db, { ...filter, limit: filter.limit ?? 200 });
  return rows.map(({ tenantId: _t, ...r }) => r);
}
