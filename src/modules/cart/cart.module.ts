import { cartRepository } from './cart.repository.ts';
import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { cartApiRoutes } from './cart.routes.ts';
import { cartPersonalData } from './cart.personal-data.ts';
import { eraseCarts, exportCarts } from './subject-data.ts';

/** Cart: anonymous and member carts, server-side totals, merge on log-in (SF-5). */
export const cartModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'cart',
  apiRoutes: cartApiRoutes,
  retention: [
    {
      rule: 'carts',
      what: 'carts past their expiry, with their lines',
      run: (ctx, o) => cartRepository.expiredCarts(ctx.db, o.cutoff, o.dryRun),
    },
  ],
  personalData: { declaration: cartPersonalData, export: exportCarts, erase: eraseCarts },
};
