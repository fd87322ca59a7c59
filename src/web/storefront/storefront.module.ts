import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { storefrontRoutes } from './storefront.routes.tsx';
import { accountRoutes } from './account.routes.tsx';
import { cartRoutes } from './cart.routes.tsx';
import { wishlistRoutes } from './wishlist.routes.tsx';
import { checkoutRoutes } from './checkout.routes.tsx';

/** The storefront's server-rendered pages (SF-1), registered like every module's. Stores no data. */
export const storefrontPages: ModuleContract<PersonalDataDeclaration> = {
  name: 'storefront',
  pages: (app, deps) => {
    storefrontRoutes(app, deps);
    accountRoutes(app, deps);
    cartRoutes(app, deps);
    wishlistRoutes(app, deps);
    checkoutRoutes(app, deps);
  },
};
