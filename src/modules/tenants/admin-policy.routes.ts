import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { InStore } from '#platform/ctx.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { ErrorBody, StoreParams } from '#platform/http/schemas.ts';
import { PolicyVersion } from './tenant-policy.ts';
import { publishPolicyVersion } from './publish-policy-version.ts';
import type { TenantDirectory } from './tenant-directory.ts';

const Errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const publishers = { auth: { staff: ['owner', 'compliance'] as const } };

/** Publishing a new privacy-policy version (PL-1, PL-2): owner or compliance. */
export function adminPolicyRoutes(app: Http, inStore: InStore, directory: TenantDirectory): void {
  app.post(
    '/api/admin/stores/:store/policy-versions',
    {
      config: publishers,
      schema: {
        tags: ['admin'],
        summary:
          'Publish a new privacy-policy version (at least 14 days ahead; members are e-mailed; asksConsentAgain lets earlier consent lapse on its day)',
        params: StoreParams,
        headers: BearerHeaders,
        body: PolicyVersion,
        response: { 201: Type.Object({ policyVersions: Type.Array(PolicyVersion) }), ...Errors },
      },
    },
    async (req, reply) => {
      const policyVersions = await inStore(
        req,
        req.params.store,
        (ctx) => publishPolicyVersion(ctx, req.body),
        publishers.auth,
      );
      directory.applyPolicyVersions(req.params.store, policyVersions);
      return reply.status(201).send({ policyVersions });
    },
  );
}
