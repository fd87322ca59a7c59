import { adminCampaignRoutes } from './admin-campaigns.routes.ts';
import { adminPolicyRoutes } from './admin-policy.routes.ts';
import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import type { TenantDirectory } from './tenant-directory.ts';
import { tenantsRoutes } from './tenants.routes.ts';

declare module '#platform/module.ts' {
  interface ModuleDeps {
    /** The stores by slug and host name (routing, public URLs). */
    directory: TenantDirectory;
  }
}

/** The tenants module: the merchant registry (read-only to requests) and the public store list. */
export const tenantsModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'tenants',
  apiRoutes: (app, { directory, inStore }) => {
    tenantsRoutes(app, directory);
    adminCampaignRoutes(app, inStore, directory);
    adminPolicyRoutes(app, inStore, directory);
  },
  personalData: {
    declaration: {
      module: 'tenants',
      subject: 'merchant_contact',
      fields: {},
      notPersonal: { 'tenants.tenant.name': 'a store name the merchant publishes' },
    },
  },
};
