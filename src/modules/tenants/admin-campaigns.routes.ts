import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { InStore } from '#platform/ctx.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { ErrorBody, StoreParams } from '#platform/http/schemas.ts';
import { Campaign } from './tenant-policy.ts';
import type { TenantDirectory } from './tenant-directory.ts';
import { listCampaigns, removeCampaign, saveCampaign } from './manage-campaigns.ts';

const CampaignSlug = Type.String({ pattern: '^[a-z0-9-]{1,60}$' });
const Errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const owner = { auth: { staff: ['owner'] as const } };
const CampaignBody = Type.Omit(Campaign, ['slug'], { additionalProperties: false });

/**
 * The owner's campaigns under /api/admin/stores/:store/campaigns: list, create or replace one by
 * its slug, remove one. A campaign's discount applies to prices from the moment it is saved.
 */
export function adminCampaignRoutes(app: Http, inStore: InStore, directory: TenantDirectory): void {
  app.get(
    '/api/admin/stores/:store/campaigns',
    {
      config: owner,
      schema: {
        tags: ['admin'],
        summary: 'The store’s campaigns (owner)',
        params: StoreParams,
        headers: BearerHeaders,
        response: { 200: Type.Object({ campaigns: Type.Array(Campaign) }), ...Errors },
      },
    },
    async (req, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send({ campaigns: await inStore(req, req.params.store, async (ctx) => listCampaigns(ctx)) }),
  );

  app.put(
    '/api/admin/stores/:store/campaigns/:slug',
    {
      config: owner,
      schema: {
        tags: ['admin'],
        summary: 'Create or replace a campaign (owner)',
        params: Type.Object({ store: StoreParams.properties.store, slug: CampaignSlug }),
        headers: BearerHeaders,
        body: CampaignBody,
        response: { 200: Type.Object({ campaigns: Type.Array(Campaign) }), ...Errors },
      },
    },
    async (req, reply) => {
      const campaigns = await inStore(req, req.params.store, (ctx) =>
        saveCampaign(ctx, { ...req.body, slug: req.params.slug }),
      );
      directory.applyCampaigns(req.params.store, campaigns);
      return reply.header('cache-control', 'no-store').send({ campaigns });
    },
  );

  app.delete(
    '/api/admin/stores/:store/campaigns/:slug',
    {
      config: owner,
      schema: {
        tags: ['admin'],
        summary: 'Remove a campaign (owner); its prices end at once',
        params: Type.Object({ store: StoreParams.properties.store, slug: CampaignSlug }),
        headers: BearerHeaders,
        response: { 200: Type.Object({ campaigns: Type.Array(Campaign) }), ...Errors },
      },
    },
    async (req, reply) => {
      const campaigns = await inStore(req, req.params.store, (ctx) => removeCampaign(ctx, req.params.slug));
      directory.applyCampaigns(req.params.store, campaigns);
      return reply.header('cache-control', 'no-store').send({ campaigns });
    },
  );
}
