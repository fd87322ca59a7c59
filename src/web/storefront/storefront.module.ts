import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { storefrontRoutes } from './storefront.routes.tsx';
import { accountRoutes } from './account.routes.tsx';
import { cartRoutes } from './cart.routes.tsx';
import { wishlistRoutes } from './wishlist.routes.tsx';
import { checkoutRoutes } from './checkout.routes.tsx';
import { storefrontReturnRoutes } from './returns.routes.tsx';
import { privacyCentreRoutes } from './privacy-centre.routes.tsx';
import { detailsRoutes } from './details.routes.tsx';
import { CART_COOKIE, SESSION_COOKIE } from '#platform/http/credentials.ts';

/** The storefront's server-rendered pages (SF-1), registered like every module's. Stores no data. */
export const storefrontPages: ModuleContract<PersonalDataDeclaration> = {
  name: 'storefront',
  pages: (app, deps) => {
    // Store pages show the visitor's cart count (and a member's state): once a visitor holds a cart
    // or a session, a page is theirs alone — no shared cache may keep it for someone else.
    app.addHook('onSend', async (request, reply, payload) => {
      if (!request.url.startsWith('/s/')) return payload;
      const cookies = request.cookies;
      const control = reply.getHeader('cache-control');
      if (
        typeof control === 'string' &&
        control.startsWith('public') &&
        (cookies[CART_COOKIE] || cookies[SESSION_COOKIE])
      )
        void reply.header('cache-control', control.replace(/^public/, 'private'));
      return payload;
    });
    storefrontRoutes(app, deps);
    accountRoutes(app, deps);
    cartRoutes(app, deps);
    wishlistRoutes(app, deps);
    checkoutRoutes(app, deps);
    storefrontReturnRoutes(app, deps);
    privacyCentreRoutes(app, deps);
    detailsRoutes(app, deps);
  },
};
