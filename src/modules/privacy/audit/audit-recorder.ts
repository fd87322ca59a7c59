import type { Db } from '#db/client.ts';
import type { Actor } from '#platform/actor.ts';
import type { TenantRef } from '#platform/ctx.ts';
import type { Purpose } from '../inventory/define-personal-data.ts';
import type { MasterKeyring } from '../vault/master-keyring.ts';
import { GENESIS, CheckpointSigner, Pseudonymizer, chainHash } from './audit-chain.ts';
import { auditRepository, type NewAuditEvent } from './audit.repository.ts';

/** The closed set of audited actions (AU-1). */
export const AUDIT_ACTIONS = [
  'read',
  'unmask',
  'change',
  'export',
  'erase',
  'share',
  'login',
  'login_failed',
  'logout',
  'mfa_enrolled',
  'password_changed',
  'role_changed',
  'staff_created',
  'staff_disabled',
  'staff_enabled',
  'checkout',
  'aggregate',
  'lock',
  'unlock',
  'hold_placed',
  'hold_released',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an audit event says happened (AU-1). Never a personal value: field names and ids only. */
export interface AuditEntry {
  action: AuditAction;
  /** The data subject concerned (recorded only as a pseudonym), if any. */
  subjectId?: string | undefined;
  /** `schema.table` the fields belong to. */
  table?: string | undefined;
  /** Field (column) names, never values. */
  fields?: string[] | undefined;
  purpose?: Purpose | undefined;
  /** Ids and counts that help an investigator (an order number, a row id); no personal value. */
  detail?: Record<string, string | number> | undefined;
  /**
   * Platform events about a staff user (failed log-in, enrolment, log-out, password change) are also
   * written to the log of each store the user works for, as that user acting with their role there,
   * so each store's compliance sees them; the platform's own log keeps the original.
   */
  copyTo?: { tenantId: string; actor: Actor }[] | undefined;
}

/** What recording needs of a ctx: store ctx and platform ctx both have it. */
export interface AuditingCtx {
  actor: Actor;
  requestId: string;
  now(): Date;
  tenant?: TenantRef | undefined;
}

/**
 * Where audit events go: `ctx.audit`. Every read of a personal field by staff, jobs or API clients
 * goes through `readPersonal`, which records one here; log-ins, role changes, checkouts and the
 * rest record theirs directly.
 */
export interface AuditRecorder {
  record(ctx: AuditingCtx, entry: AuditEntry): Promise<void>;
  /** The pseudonym a subject has in the log (to find their events). */
  pseudonymOf(subjectId: string): string;
}

interface Pending extends AuditEntry {
  at: Date;
  actor: Actor;
  requestId: string;
}

/**
 * The audit of one transaction: events are collected while it runs and appended to the chain just
 * before it commits (`AuditLog.flush`), so they exist exactly when what they describe committed,
 * and a chain head is locked only for the commit itself, never while the transaction waits for
 * other locks (no deadlock with stock or cart rows).
 */
export class AuditTrail implements AuditRecorder {
  readonly pending: Pending[] = [];

  constructor(private readonly pseudonyms: Pseudonymizer) {}

  pseudonymOf(subjectId: string): string {
    return this.pseudonyms.of(subjectId);
  }

  async record(ctx: AuditingCtx, entry: AuditEntry): Promise<void> {
    this.pending.push({ ...entry, at: ctx.now(), actor: ctx.actor, requestId: ctx.requestId });
  }
}

/** How many chains (lanes) each store writes to: concurrent transactions rarely share a head. */
export const LANES = 8;

/**
 * The tamper-evident audit log (AU-1..3): hash chains in `audit.event`, signed checkpoints in
 * `audit.checkpoint`, subjects as pseudonyms. The ctx factory opens a trail per transaction and
 * flushes it before commit.
 */
export class AuditLog {
  readonly pseudonyms: Pseudonymizer;
  readonly signer: CheckpointSigner;
  private lane = 0;

  constructor(keyring: MasterKeyring) {
    this.pseudonyms = new Pseudonymizer(keyring);
    this.signer = new CheckpointSigner(keyring);
  }

  /** A new trail for one transaction. */
  trail(): AuditTrail {
    return new AuditTrail(this.pseudonyms);
  }

  /** How an actor is written in the log: ids of staff and jobs; shoppers only by pseudonym. */
  actorOf(actor: Actor): { actor: string; role: string | null } {
    switch (actor.kind) {
      case 'anonymous':
        return { actor: 'anonymous', role: null };
      case 'member':
        return { actor: `shopper:${this.pseudonyms.of(actor.customerId)}`, role: null };
      case 'guest':
        return { actor: `shopper:${this.pseudonyms.of(actor.subjectId)}`, role: null };
      case 'staff':
        return { actor: `staff:${actor.staffId}`, role: actor.role };
      case 'api_client':
        return { actor: `api:${actor.clientId}`, role: actor.role };
      case 'operator':
        return { actor: `operator:${actor.operatorId}`, role: null };
      case 'system':
        return { actor: `system:${actor.job}`, role: null };
    }
  }

  /**
   * Appends a trail's events to one lane of the store's chains (or of the platform's, with no
   * store), inside the transaction `db` that is about to commit.
   */
  async flush(db: Db, trail: AuditTrail, tenantId: string | null): Promise<void> {
    if (trail.pending.length === 0) return;
    const pending = trail.pending.splice(0);
    // Copies go to their stores' chains: only a platform transaction (no store set) may write them.
    const byTenant = new Map<string | null, typeof pending>([[tenantId, []]]);
    for (const e of pending) {
      byTenant.get(tenantId)!.push(e);
      for (const copy of tenantId === null ? (e.copyTo ?? []) : []) {
        const list = byTenant.get(copy.tenantId) ?? [];
        list.push({ ...e, actor: copy.actor, copyTo: undefined });
        byTenant.set(copy.tenantId, list);
      }
    }
    this.lane = (this.lane + 1) % LANES;
    // Heads are locked in one order (the platform's, then stores by id) so two flushes cannot deadlock.
    const order = [...byTenant.keys()].sort((a, b) =>
      a === null ? -1 : b === null ? 1 : a.localeCompare(b),
    );
    for (const tenant of order) {
      const events = byTenant.get(tenant)!;
      if (events.length) await this.append(db, events, tenant);
    }
  }

  private async append(db: Db, events: Pending[], tenantId: string | null): Promise<void> {
    const chain = `${tenantId ?? 'platform'}:${this.lane}`;
    const { firstPos, prevHash } = await auditRepository.reserve(db, chain, tenantId, events.length);
    let prev = prevHash === '' ? GENESIS : prevHash;
    const rows: NewAuditEvent[] = events.map((e, i) => {
      const content = {
        chain,
        pos: firstPos + i,
        at: e.at,
        tenantId,
        ...this.actorOf(e.actor),
        action: e.action,
        subject: e.subjectId ? this.pseudonyms.of(e.subjectId) : null,
        tableName: e.table ?? null,
        fields: e.fields ?? [],
        purpose: e.purpose ?? null,
        requestId: e.requestId,
        detail: e.detail ?? {},
      };
      const hash = chainHash(prev, content);
      const row = { ...content, prevHash: prev, hash };
      prev = hash;
      return row;
    });
    await auditRepository.append(db, chain, rows);
  }

  /**
   * Signs a checkpoint for every chain that grew since its last one (run by the `audit.checkpoint`
   * job in a platform transaction, which sees every store's chains). Returns how many were signed.
   */
  async checkpoint(db: Db, now: Date): Promise<number> {
    const heads = await auditRepository.heads(db);
    const last = await auditRepository.lastCheckpoints(db);
    let signed = 0;
    for (const head of heads) {
      if (head.hash === '' || (last.get(head.chain) ?? 0) >= head.pos) continue;
      const statement = { chain: head.chain, pos: head.pos, hash: head.hash, at: now };
      await auditRepository.insertCheckpoint(db, {
        ...statement,
        tenantId: head.tenantId,
        keyId: this.signer.keyId,
        signature: this.signer.sign(statement),
      });
      signed++;
    }
    return signed;
  }
}
