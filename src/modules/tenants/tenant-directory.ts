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

  /**
   * @param hostAliases extra host → store mappings (PLEDGE_HOSTS)
   * @param publicUrl the platform's configured public address (PLEDGE_PUBLIC_URL)
   */
  constructor(
    private readonly hostAliases: Record<string, string> = {},
    private readonly publicUrl: URL = new URL('http://localhost:3000'),
  ) {}

  /** Reloads the registry from the database. */
  async refresh(db: Db): Promise<void> {
    const tenants = await tenantsRepository.list(db);
    this.bySlug = new Map(tenants.map((t) => [t.slug, t]));
    this.byHost = new Map();
    for (const t of tenants) for (const host of t.hosts) this.byHost.set(host, t.slug);
    for (const [host, slug] of Object.entries(this.hostAliases)) this.byHost.set(host, slug);
  }

  /**
   * Takes a store's new campaigns at once in this process, after the change committed (other
   * processes hear TENANTS_CHANGED and reload); the next request prices with them.
   */
  applyCampaigns(slug: string, campaigns: Tenant['policy']['campaigns']): void {
    const tenant = this.bySlug.get(slug);
    if (tenant) this.bySlug.set(slug, { ...tenant, policy: { ...tenant.policy, campaigns } });
  }

  /** This process's copy of a store gets the versions just published (others hear NOTIFY). */
  applyPolicyVersions(slug: string, policyVersions: Tenant['policy']['policyVersions']): void {
    const tenant = this.bySlug.get(slug);
    if (tenant) this.bySlug.set(slug, { ...tenant, policy: { ...tenant.policy, policyVersions } });
  }

  bySlugOrUndefined(slug: string): Tenant | undefined {
    return this.bySlug.get(slug);
  }

  /** The store a host name (without port) is configured for. */
  slugForHost(host: string | undefined): string | undefined {
    if (!host) return undefined;
    return this.byHost.get(host.toLowerCase().replace(/:\d+$/, ''));
  }

  /**
   * The public base URL of a store, for links that leave the site (e-mails): the store's first
   * configured host name that is not a development `*.localhost` name, with the public URL's scheme
   * and port; otherwise `<PLEDGE_PUBLIC_URL>/s/<slug>`. Never derived from a request, so nobody can
   * have a link pointed at a site of theirs by sending a forged Host header.
   */
  publicUrlOf(tenant: Pick<Tenant, 'slug' | 'hosts'>): string {
    const aliases = Object.entries(this.hostAliases)
      .filter(([, slug]) => slug === tenant.slug)
      .map(([host]) => host);
    const host = [...tenant.hosts, ...aliases].find((h) => h !== 'localhost' && !h.endsWith('.localhost'));
    const { protocol, port, origin, pathname } = this.publicUrl;
    const base = pathname.replace(/\/+$/, '');
    return host ? `${protocol}//${host}${port ? `:${port}` : ''}` : `${origin}${base}/s/${tenant.slug}`;
  }

  all(): Tenant[] {
    return [...this.bySlug.values()];
  }
}
