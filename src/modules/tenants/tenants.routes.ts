import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { TenantDirectory } from './tenant-directory.ts';

/** Public store directory: only what each merchant publishes. */
export function tenantsRoutes(app: Http, directory: TenantDirectory): void {
  app.get(
    '/api/stores',
    {
      schema: {
        tags: ['stores'],
        summary: 'The stores on this platform and their published terms',
        response: {
          200: Type.Object({
            stores: Type.Array(
              Type.Object({
                slug: Type.String(),
                name: Type.String(),
                tagline: Type.String(),
                currency: Type.String(),
                storewideDiscountPercent: Type.Number(),
                freeShipping: Type.Boolean(),
                returnWindowDays: Type.Integer(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      stores: directory.all().map((t) => ({
        slug: t.slug,
        name: t.name,
        tagline: t.tagline,
        currency: t.policy.currency,
        storewideDiscountPercent: t.policy.storewideDiscountPercent,
        freeShipping: t.policy.freeShipping.enabled,
        returnWindowDays: t.policy.returns.windowDays,
      })),
    }),
  );
}
