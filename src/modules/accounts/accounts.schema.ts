import { index, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const accountsSchema = pgSchema('accounts');

/** A registered member. Personal columns hold vault ciphertext only (see accounts.personal-data.ts). */
export const customer = accountsSchema.table(
  'customer',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    email: text('email').notNull(),
    /** HMAC blind index of the normalised e-mail: log-in lookups without decrypting anything. */
    emailIndex: text('email_index').notNull(),
    nickname: text('nickname').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /** When the member was told their inactive account would be locked (RT-4); cleared by a log-in. */
    inactivityNoticeAt: timestamp('inactivity_notice_at', { withTimezone: true }),
    /** When the account was locked for inactivity (its key moved under the lock key); cleared by a log-in. */
    lockedAt: timestamp('locked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('customer_tenant_email').on(t.tenantId, t.emailIndex), tenantIsolation(t)],
);

/**
 * A signed-in browser. Only the SHA-256 of the opaque cookie token is stored, so a database copy
 * cannot be replayed as sessions; no IP address or user agent is kept (minimisation).
 */
export const session = accountsSchema.table(
  'session',
  {
    tokenHash: text('token_hash').primaryKey(),
    tenantId: tenantIdColumn(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customer.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('session_customer').on(t.customerId), tenantIsolation(t)],
);

/** One-time password-reset tokens; only the token's SHA-256 is stored, and each works once. */
export const passwordReset = accountsSchema.table(
  'password_reset',
  {
    tokenHash: text('token_hash').primaryKey(),
    tenantId: tenantIdColumn(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customer.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [tenantIsolation(t)],
);

/**
 * A registration waiting for its e-mail address to be confirmed. Nothing becomes an account until
 * the link in the e-mail is used, so registering reveals nothing about who already shops here.
 * E-mail and nickname are vault ciphertext under the future member's key; the row goes when it is
 * confirmed or expires (a day later).
 */
export const pendingRegistration = accountsSchema.table(
  'pending_registration',
  {
    /** The id the member will have (its data key already seals the fields below). */
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    /** SHA-256 of the one-time token in the confirmation link. */
    tokenHash: text('token_hash').notNull(),
    email: text('email'),
    emailIndex: text('email_index'),
    nickname: text('nickname'),
    passwordHash: text('password_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('pending_registration_token').on(t.tenantId, t.tokenHash), tenantIsolation(t)],
);

/**
 * Which member was told of which upcoming privacy-policy version (PL-2), so each hears of a
 * version once, ahead of the day it takes effect.
 */
export const policyNotice = accountsSchema.table(
  'policy_notice',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    customerId: text('customer_id').notNull(),
    version: text('version').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('policy_notice_once').on(t.tenantId, t.customerId, t.version), tenantIsolation(t)],
);

/**
 * A member's saved delivery address (DR-1: members keep an address book). Every line is sealed
 * under the member's key; the country is kept as is (it decides the address's format). Erased with
 * the account.
 */
export const savedAddress = accountsSchema.table(
  'saved_address',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customer.id, { onDelete: 'cascade' }),
    recipientName: text('recipient_name').notNull(),
    streetLine1: text('street_line1').notNull(),
    streetLine2: text('street_line2'),
    city: text('city').notNull(),
    region: text('region'),
    postalCode: text('postal_code'),
    countryCode: text('country_code').notNull(),
    phone: text('phone'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('saved_address_customer').on(t.tenantId, t.customerId), tenantIsolation(t)],
);

/**
 * A change of a member's e-mail address waiting for the new address to confirm it (DR-1): the
 * new address (sealed) and its blind index, and the SHA-256 of the link's token. The account
 * keeps its old address until the link is used.
 */
export const emailChange = accountsSchema.table(
  'email_change',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customer.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    email: text('email').notNull(),
    emailIndex: text('email_index').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('email_change_token').on(t.tenantId, t.tokenHash), tenantIsolation(t)],
);
