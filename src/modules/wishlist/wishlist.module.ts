import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { wishlistApiRoutes } from './wishlist.routes.ts';
import { wishlistPersonalData } from './wishlist.personal-data.ts';
import { wishlistRepository } from './wishlist.repository.ts';

/** Wishlist: members' saved products (SF-5). */
export const wishlistModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'wishlist',
  apiRoutes: wishlistApiRoutes,
  personalData: {
    declaration: wishlistPersonalData,
    export: async (ctx, subjectId) => ({
      'wishlist.saved_item': (await wishlistRepository.savedOf(ctx.db, subjectId)).map((r) => ({
        productId: r.productId,
        savedAt: r.savedAt,
      })),
    }),
    erase: (ctx, subjectId) => wishlistRepository.deleteAllOf(ctx.db, subjectId),
  },
};
