import type { Db } from '#db/client.ts';
import { tenantsRepository } from './tenants.repository.ts';
import type { Tenant } from './tenant.ts';

/**
 * An in-memory view of the tenant registry for request routing. Routing happens on every request
 * (and host rewriting must be synchronous), so tenants are cached and refreshed on change.
 */
export class TenantDirectory {
  private bySlug = new Map<string, Tenant>();
  private byHost = new Map<string, string>();

  constructor(private readonly hostAliases: Record<string, string> = {}) {}

  /** Reloads the registry from the database. */
  async refresh(db: Db): Promise<void> {
    const tenants = await tenantsRepository.list(db);
    this.bySlug = new Map(tenants.map((t) => [t.slug, t]));
    this.byHost = new Map();
    for (const t of tenants) for (const host of t.hosts) this.byHost.set(host, t.slug);
    for (const [host, slug] of Object.entries(this.hostAliases)) this.byHost.set(host, slug);
  }

  bySlugOrUndefined(slug: string): Tenant | undefined {
    return this.bySlug.get(slug);
  }

  /** The store a host name (without port) is configured for. */
  slugForHost(host: string | undefined): string | undefined {
    if (!host) return undefined;
    return this.byHost.get(host.toLowerCase().replace(/:\d+$/, ''));
  }

  all(): Tenant[] {
    return [...this.bySlug.values()];
  }
}
