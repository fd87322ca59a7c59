import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { AppError } from '#platform/errors.ts';
import { credentialsOf } from '#platform/http/credentials.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { ErrorBody, StoreParams, StoreSlug } from '#platform/http/schemas.ts';
import type { StaffRole } from '#platform/actor.ts';
import { finishEnrolment, logInStaff, logOutStaff, staffOfSession } from './staff-sessions.ts';
import {
  addStaff,
  changeStaffPassword,
  changeStaffRole,
  disableStaff,
  enableStaff,
  listStaff,
} from './manage-staff.ts';
import { staffRepository } from './staff.repository.ts';
import { PASSWORD_MAX_AGE_DAYS } from './password-policy.ts';
import { millisecondsOf } from '#platform/calendar.ts';

const StaffParams = Type.Object({
  store: StoreSlug,
  staffId: Type.String({ pattern: '^stf_[0-9a-z]{10,40}$' }),
});
const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  429: ErrorBody,
};
const Role = Type.Union([
  Type.Literal('owner'),
  Type.Literal('warehouse'),
  Type.Literal('customer_service'),
  Type.Literal('operations'),
  Type.Literal('finance'),
  Type.Literal('compliance'),
]);
/** Per-address limit on the credential endpoints. */
const limited = { rateLimit: { max: 10, timeWindow: '1 minute' } };

/** The token of a staff request (bearer header or back-office cookie), or a 401. */
function staffToken(req: Parameters<typeof credentialsOf>[0]): string {
  const token = credentialsOf(req).credentials.staffToken;
  if (!token)
    throw new AppError('unauthenticated', 'log in first and send Authorization: Bearer <session token>');
  return token;
}

/**
 * The staff JSON API: log-in with MFA (platform-wide, before any store is chosen), enrolment,
 * log-out, password change, who am I; and per store, staff management for the owner.
 */
export function staffApiRoutes(app: Http, { inStore, onPlatform, directory }: ModuleDeps): void {
  app.post(
    '/api/admin/sessions',
    {
      config: { ...limited, auth: 'none' },
      schema: {
        tags: ['admin'],
        summary: 'Staff log-in (password and TOTP code, or a recovery code)',
        description:
          'Answers `{ sessionToken }` for `Authorization: Bearer`. A first log-in (no authenticator yet) answers `mfaEnrolmentRequired` with an enrolment token and a QR code; finish it with POST /api/admin/mfa/enrolment. Five wrong passwords or codes lock the account for 15 minutes. Sessions end after 15 idle minutes or 12 hours.',
        body: Type.Object(
          {
            email: Type.String({ maxLength: 254 }),
            password: Type.String({ maxLength: 200 }),
            totp: Type.Optional(Type.String({ maxLength: 12 })),
            recoveryCode: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            sessionToken: Type.Optional(Type.String()),
            passwordExpiresAt: Type.Optional(Type.String({ format: 'date-time' })),
            passwordChangeRequired: Type.Optional(Type.Boolean()),
            passwordExpiresInDays: Type.Optional(Type.Integer()),
            mfaEnrolmentRequired: Type.Optional(Type.Boolean()),
            enrolmentToken: Type.Optional(Type.String()),
            otpauthUri: Type.Optional(Type.String()),
            qrSvg: Type.Optional(Type.String()),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      // One platform transaction: the log-in and its audit, in the platform's log and each store's.
      const result = await onPlatform(req, (ctx) => logInStaff(ctx, req.body));
      void reply.header('cache-control', 'no-store');
      // A refusal is thrown only now, after its failure count was committed.
      if ('rejected' in result) throw result.rejected;
      if ('mfaEnrolmentRequired' in result) return result;
      return {
        sessionToken: result.sessionToken,
        passwordExpiresAt: result.passwordExpiresAt.toISOString(),
        passwordChangeRequired: result.passwordChangeRequired,
        passwordExpiresInDays: result.passwordExpiresInDays,
      };
    },
  );

  app.post(
    '/api/admin/mfa/enrolment',
    {
      config: { ...limited, auth: 'none' },
      schema: {
        tags: ['admin'],
        summary: 'Finish MFA enrolment with the first code of the new authenticator',
        description: 'Answers a session and ten one-time recovery codes, shown only this once.',
        body: Type.Object(
          { enrolmentToken: Type.String({ maxLength: 100 }), totp: Type.String({ maxLength: 12 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ sessionToken: Type.String(), recoveryCodes: Type.Array(Type.String()) }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const done = await onPlatform(req, (ctx) =>
        finishEnrolment(ctx, req.body.enrolmentToken, req.body.totp),
      );
      return reply.header('cache-control', 'no-store').send(done);
    },
  );

  app.delete(
    '/api/admin/sessions/current',
    {
      config: { auth: 'none' },
      schema: {
        tags: ['admin'],
        summary: 'Staff log-out',
        headers: BearerHeaders,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const token = staffToken(req);
      await onPlatform(req, (ctx) => logOutStaff(ctx, token));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/admin/me',
    {
      config: { auth: 'none' },
      schema: {
        tags: ['admin'],
        summary: 'The signed-in staff user: their stores and roles',
        headers: BearerHeaders,
        response: {
          200: Type.Object({
            staffId: Type.String(),
            stores: Type.Array(Type.Object({ store: Type.String(), name: Type.String(), role: Role })),
            passwordExpiresAt: Type.String({ format: 'date-time' }),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const token = staffToken(req);
      const me = await onPlatform(req, async (ctx) => {
        const live = await staffOfSession(ctx, token);
        if (!live)
          throw new AppError('unauthenticated', 'the staff session has ended or is unknown; log in again');
        return { live, memberships: await staffRepository.membershipsOf(ctx.db, live.user.id) };
      });
      const stores = me.memberships.flatMap((m) => {
        const t = directory.all().find((x) => x.id === m.tenantId);
        return t ? [{ store: t.slug, name: t.name, role: m.role as StaffRole }] : [];
      });
      return reply.header('cache-control', 'no-store').send({
        staffId: me.live.user.id,
        stores,
        passwordExpiresAt: new Date(
          me.live.user.passwordChangedAt.getTime() + millisecondsOf({ days: PASSWORD_MAX_AGE_DAYS }),
        ).toISOString(),
      });
    },
  );

  app.put(
    '/api/admin/password',
    {
      config: { ...limited, auth: 'none' },
      schema: {
        tags: ['admin'],
        summary: 'Change the signed-in staff user’s password',
        description:
          'At least 12 characters with upper- and lower-case letters, a digit and a symbol; not your name or e-mail; none of your last 10. Every session ends: log in again.',
        headers: BearerHeaders,
        body: Type.Object(
          { currentPassword: Type.String({ maxLength: 200 }), newPassword: Type.String({ maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const token = staffToken(req);
      await onPlatform(req, (ctx) => changeStaffPassword(ctx, token, req.body));
      return reply.status(204).send(null);
    },
  );

  const StaffRow = Type.Object({
    id: Type.String(),
    role: Role,
    /** Masked for the owner and compliance (from the inventory); absent for a role that may not see it. */
    email: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    displayName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    mfaEnrolled: Type.Boolean(),
    disabled: Type.Boolean(),
    locked: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
  });
  app.get(
    '/api/admin/stores/:store/staff',
    {
      config: { auth: { staff: ['owner', 'compliance'] } },
      schema: {
        tags: ['admin'],
        summary: 'The store’s staff (owner, compliance)',
        params: StoreParams,
        headers: BearerHeaders,
        response: { 200: Type.Object({ staff: Type.Array(StaffRow) }), ...errors },
      },
    },
    async (req) => ({
      staff: (await inStore(req, req.params.store, (ctx) => listStaff(ctx))).map((s) => ({
        ...s,
        createdAt: s.createdAt.toISOString(),
      })),
    }),
  );

  app.post(
    '/api/admin/stores/:store/staff',
    {
      config: { auth: { staff: ['owner'] } },
      schema: {
        tags: ['admin'],
        summary: 'Add a staff user with a role (owner)',
        params: StoreParams,
        headers: BearerHeaders,
        body: Type.Object(
          {
            email: Type.String({ maxLength: 254 }),
            displayName: Type.String({ maxLength: 100 }),
            role: Role,
            password: Type.String({ maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ staffId: Type.String(), created: Type.Boolean() }), ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await inStore(req, req.params.store, (ctx) => addStaff(ctx, req.body))),
  );

  app.put(
    '/api/admin/stores/:store/staff/:staffId/role',
    {
      config: { auth: { staff: ['owner'] } },
      schema: {
        tags: ['admin'],
        summary: 'Change a staff user’s role (ends their sessions at once)',
        params: StaffParams,
        headers: BearerHeaders,
        body: Type.Object({ role: Role }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await inStore(req, req.params.store, (ctx) => changeStaffRole(ctx, req.params.staffId, req.body.role));
      return reply.status(204).send(null);
    },
  );

  for (const [action, run] of [
    ['disable', disableStaff],
    ['enable', enableStaff],
  ] as const)
    app.post(
      `/api/admin/stores/:store/staff/:staffId/${action}`,
      {
        config: { auth: { staff: ['owner'] } },
        schema: {
          tags: ['admin'],
          summary:
            action === 'disable'
              ? 'Disable a staff user (ends their sessions at once; SEC-4)'
              : 'Let a disabled staff user sign in again',
          params: StaffParams,
          headers: BearerHeaders,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (req, reply) => {
        await inStore(req, req.params.store, (ctx) => run(ctx, req.params.staffId));
        return reply.status(204).send(null);
      },
    );
}
