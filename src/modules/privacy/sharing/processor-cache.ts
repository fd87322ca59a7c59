import type { ProcessorRow } from './sharing.repository.ts';

/**
 * The channel on which changes to a store's processor register are announced at commit (payload:
 * the tenant id); every process drops its cached processors for that store when it hears it.
 */
export const PROCESSORS_CHANGED = 'pledge_processors';

/**
 * Each store's active processors, kept per process so a checkout does not read the register
 * every time (a round trip per order). Only what was found is kept; a kind with no active
 * processor is read again each time. A stale entry cannot release a share: the disclosure is
 * written only while the processor is still active in the database (`recordShare`).
 */
class ProcessorCache {
  private byTenant = new Map<string, Map<string, ProcessorRow>>();

  get(tenantId: string, kind: string): ProcessorRow | undefined {
    return this.byTenant.get(tenantId)?.get(kind);
  }

  set(row: ProcessorRow): void {
    let kinds = this.byTenant.get(row.tenantId);
    if (!kinds) this.byTenant.set(row.tenantId, (kinds = new Map()));
    kinds.set(row.kind, row);
  }

  /** Drops a store's entries (its register changed here or in another process). */
  forget(tenantId: string): void {
    this.byTenant.delete(tenantId);
  }
}

/** This process's cache of active processors. */
export const processorCache = new ProcessorCache();
