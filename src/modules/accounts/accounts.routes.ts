import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { conflict, notFound } from '#platform/errors.ts';
import { checkRegistration, confirmRegistration, registerCustomer } from './register-customer.ts';
import { logIn, logOut, startSession } from './log-in.ts';
import { readOwnProfile } from './current-customer.ts';
import { requestPasswordReset, resetPassword } from './reset-password.ts';
import { changeNickname, confirmEmailChange, requestEmailChange } from './edit-profile.ts';
import { listAddresses, removeAddress, saveAddress } from './address-book.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 80 });
const StoreParams = Type.Object({ store: Slug });
const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };
/** Per-IP limit on the credential endpoints, as on the storefront forms. */
const limited = { rateLimit: { max: 10, timeWindow: '1 minute' } };
const Email = Type.String({ maxLength: 254 });
const Password = Type.String({ maxLength: 200 });
const Session = Type.Object({
  sessionToken: Type.String({ description: 'Send as Authorization: Bearer <token>' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
const Profile = Type.Object({ nickname: Type.String(), email: Type.String() });
const Accepted = Type.Object({ accepted: Type.Boolean(), message: Type.String() });

/**
 * The member JSON API (SF-7): register, log in and out, password reset, own profile. Bodies accept
 * only the declared fields (PV-3): anything else is dropped before use, never stored.
 */
export function accountsApiRoutes(app: Http, { inStore, asSystem, background, directory }: ModuleDeps): void {
  const assertStore = (slug: string) => {
    if (!directory.bySlugOrUndefined(slug)) throw notFound('store', slug);
  };
  app.post(
    '/api/stores/:store/customers',
    {
      config: { ...limited, auth: 'none' },
      schema: {
        tags: ['accounts'],
        summary: 'Register: a confirmation link is e-mailed to the address',
        description:
          'Nickname (1–40 characters), e-mail and password (10–200 characters). Always 202 once the form is valid, whether or not the address already has an account, so the endpoint cannot tell who shops here: a new address receives a confirmation link (POST …/customers/confirm with its token creates the account and logs in); an address that has an account receives an e-mail saying so.',
        params: StoreParams,
        body: Type.Object(
          { nickname: Type.String({ maxLength: 40 }), email: Email, password: Password },
          { additionalProperties: false },
        ),
        response: { 202: Accepted, ...errors },
      },
    },
    async (req, reply) => {
      const input = checkRegistration(req.body); // form problems are the same for every address
      const { store } = req.params;
      assertStore(store);
      background.run('register', () =>
        asSystem(store, 'accounts.register', (ctx) => registerCustomer(ctx, input)),
      );
      return reply
        .status(202)
        .header('cache-control', 'no-store')
        .send({ accepted: true, message: 'check your e-mail: we sent a link to finish registering' });
    },
  );

  app.post(
    '/api/stores/:store/customers/confirm',
    {
      config: { ...limited, auth: 'none' },
      schema: {
        tags: ['accounts'],
        summary: 'Create the account with the token from the confirmation e-mail; answers a session token',
        params: StoreParams,
        body: Type.Object(
          { token: Type.String({ pattern: '^[A-Za-z0-9_-]{16,100}$' }) },
          { additionalProperties: false },
        ),
        response: { 201: Session, ...errors },
      },
    },
    async (req, reply) => {
      const session = await inStore(req, req.params.store, async (ctx) => {
        const confirmed = await confirmRegistration(ctx, req.body.token);
        return confirmed.status === 'created' ? startSession(ctx, confirmed.customerId) : undefined;
      });
      if (!session)
        throw conflict('an account with this e-mail address already exists; log in or reset the password');
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({ sessionToken: session.token, expiresAt: session.expiresAt.toISOString() });
    },
  );

  app.post(
    '/api/stores/:store/sessions',
    {
      config: { ...limited, auth: 'none' },
      schema: {
        tags: ['accounts'],
        summary: 'Log in; answers a session token for the Authorization header',
        description:
          'Wrong e-mail and wrong password get the same 401. After 5 failures within 15 minutes for one e-mail address from one client address, that pair is blocked for 15 minutes (429), whether or not the address has an account; a password reset lifts it. To keep a guest cart, send its X-Cart-Token to POST /api/stores/:store/cart/claim afterwards.',
        params: StoreParams,
        body: Type.Object({ email: Email, password: Password }, { additionalProperties: false }),
        response: { 201: Session, ...errors },
      },
    },
    async (req, reply) => {
      // The refusal is committed with its failure count before it is thrown (the block must stick).
      const result = await inStore(req, req.params.store, (ctx) => logIn(ctx, req.body));
      if (result.status === 'refused') throw result.error;
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({ sessionToken: result.token, expiresAt: result.expiresAt.toISOString() });
    },
  );

  app.delete(
    '/api/stores/:store/sessions/current',
    {
      config: { auth: 'member' },
      schema: {
        tags: ['accounts'],
        summary: 'Log out: the session token stops working',
        params: StoreParams,
        headers: BearerHeaders,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await inStore(req, req.params.store, (ctx) => logOut(ctx));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/stores/:store/me',
    {
      config: { auth: 'member' },
      schema: {
        tags: ['accounts'],
        summary: 'The signed-in member’s own profile',
        params: StoreParams,
        headers: BearerHeaders,
        response: { 200: Profile, ...errors },
      },
    },
    async (req, reply) => {
      const profile = await inStore(req, req.params.store, (ctx) => readOwnProfile(ctx));
      if (!profile) throw notFound('account'); // erased (crypto-shredded)
      return reply.header('cache-control', 'no-store').send(profile);
    },
  );

  app.patch(
    '/api/stores/:store/me',
    {
      config: { auth: 'member' },
      schema: {
        tags: ['accounts'],
        summary: 'Change your nickname',
        params: StoreParams,
        headers: BearerHeaders,
        body: Type.Object({ nickname: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
        response: { 200: Profile, ...errors },
      },
    },
    async (req, reply) => {
      const profile = await inStore(req, req.params.store, async (ctx) => {
        await changeNickname(ctx, req.body.nickname);
        return readOwnProfile(ctx);
      });
      if (!profile) throw notFound('account');
      return reply.header('cache-control', 'no-store').send(profile);
    },
  );

  app.post(
    '/api/stores/:store/me/email-change',
    {
      config: { ...limited, auth: 'member' },
      schema: {
        tags: ['accounts'],
        summary: 'Change your e-mail address: a link goes to the new address (confirm with your password)',
        description:
          'The account keeps its address until the link e-mailed to the new one is used (POST …/me/email-change/confirm with its token); the old address is told of the request.',
        params: StoreParams,
        headers: BearerHeaders,
        body: Type.Object({ email: Email, password: Password }, { additionalProperties: false }),
        response: { 202: Accepted, ...errors },
      },
    },
    async (req, reply) => {
      await inStore(req, req.params.store, (ctx) => requestEmailChange(ctx, req.body));
      return reply
        .status(202)
        .header('cache-control', 'no-store')
        .send({ accepted: true, message: 'check the new address: we sent it a link to confirm the change' });
    },
  );
  app.post(
    '/api/stores/:store/me/email-change/confirm',
    {
      config: { ...limited, auth: 'none' },
      schema: {
        tags: ['accounts'],
        summary: 'Confirm a change of e-mail address with the token from the link',
        params: StoreParams,
        body: Type.Object(
          { token: Type.String({ pattern: '^[A-Za-z0-9_-]{16,100}$' }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await inStore(req, req.params.store, (ctx) => confirmEmailChange(ctx, req.body.token));
      return reply.status(204).send(null);
    },
  );

  const AddressBody = Type.Object(
    {
      recipientName: Type.String({ maxLength: 120 }),
      line1: Type.String({ maxLength: 200 }),
      line2: Type.Optional(Type.String({ maxLength: 200 })),
      city: Type.String({ maxLength: 120 }),
      region: Type.Optional(Type.String({ maxLength: 120 })),
      postalCode: Type.Optional(Type.String({ maxLength: 20 })),
      countryCode: Type.String({ maxLength: 2 }),
      phone: Type.Optional(Type.String({ maxLength: 40 })),
    },
    { additionalProperties: false },
  );
  const AddressJson = Type.Intersect([Type.Object({ id: Type.String() }), AddressBody]);
  app.get(
    '/api/stores/:store/me/addresses',
    {
      config: { auth: 'member' },
      schema: {
        tags: ['accounts'],
        summary: 'Your address book',
        params: StoreParams,
        headers: BearerHeaders,
        response: { 200: Type.Object({ addresses: Type.Array(AddressJson) }), ...errors },
      },
    },
    async (req, reply) => {
      const addresses = await inStore(req, req.params.store, (ctx) => listAddresses(ctx));
      return reply.header('cache-control', 'no-store').send({ addresses });
    },
  );
  app.post(
    '/api/stores/:store/me/addresses',
    {
      config: { auth: 'member' },
      schema: {
        tags: ['accounts'],
        summary: 'Save an address to your address book (checked by its country’s rules)',
        params: StoreParams,
        headers: BearerHeaders,
        body: AddressBody,
        response: { 201: AddressJson, ...errors },
      },
    },
    async (req, reply) => {
      const saved = await inStore(req, req.params.store, (ctx) => saveAddress(ctx, req.body));
      return reply.status(201).header('cache-control', 'no-store').send(saved);
    },
  );
  app.delete(
    '/api/stores/:store/me/addresses/:id',
    {
      config: { auth: 'member' },
      schema: {
        tags: ['accounts'],
        summary: 'Remove an address from your address book',
        params: Type.Object({ store: Slug, id: Type.String({ pattern: '^adr_[0-9a-z]+$', maxLength: 40 }) }),
        headers: BearerHeaders,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await inStore(req, req.params.store, (ctx) => removeAddress(ctx, req.params.id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/stores/:store/password-resets',
    {
      config: { ...limited, auth: 'none' },
      schema: {
        tags: ['accounts'],
        summary: 'Send a one-time password-reset link to the address, if it has an account',
        description:
          'Always 202, whether or not the address has an account, so the endpoint cannot tell who shops here.',
        params: StoreParams,
        body: Type.Object({ email: Email }, { additionalProperties: false }),
        response: { 202: Type.Object({ accepted: Type.Boolean() }), ...errors },
      },
    },
    async (req, reply) => {
      const { store } = req.params;
      assertStore(store);
      // Answered before the address is even looked up: the timing tells nothing either.
      const { email } = req.body;
      background.run('password-reset', () =>
        asSystem(store, 'accounts.password-reset', (ctx) => requestPasswordReset(ctx, { email })),
      );
      return reply.status(202).send({ accepted: true });
    },
  );

  app.post(
    '/api/stores/:store/password-resets/complete',
    {
      config: { ...limited, auth: 'none' },
      schema: {
        tags: ['accounts'],
        summary: 'Choose a new password with the token from the reset link; every session ends',
        params: StoreParams,
        body: Type.Object(
          { token: Type.String({ minLength: 16, maxLength: 100 }), password: Password },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await inStore(req, req.params.store, (ctx) => resetPassword(ctx, req.body));
      return reply.status(204).send(null);
    },
  );
}
