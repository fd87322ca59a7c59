import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgPolicy,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const staffSchema = pgSchema('staff');

/**
 * A staff user of the platform (SEC-3). Staff belong to stores through memberships, so this table
 * has no `tenant_id`: a log-in finds the user before any store is chosen. Personal columns hold
 * platform-sealed ciphertext only (see staff.personal-data.ts); the e-mail is found by its blind
 * index.
 */
export const staffUser = staffSchema.table(
  'user',
  {
    id: text().primaryKey(),
    email: text(),
    emailIndex: text().notNull(),
    displayName: text(),
    passwordHash: text().notNull(),
    passwordChangedAt: timestamp({ withTimezone: true }).notNull(),
    /** TOTP secret, platform-sealed; null until enrolment is started. */
    totpSecret: text(),
    totpEnrolledAt: timestamp({ withTimezone: true }),
    /** The last TOTP time step accepted: a code is never accepted twice. */
    totpLastStep: integer(),
    failedLogins: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    disabledAt: timestamp({ withTimezone: true }),
    /** A platform operator (no store role; runs operator tools). */
    isOperator: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('staff_user_email').on(t.emailIndex)],
);

/**
 * One role per store a staff user works for (AC-1..6). Row-level security: a store's transaction
 * sees only its own store's memberships; a platform transaction (log-in, no store set) sees all.
 */
export const membership = staffSchema.table(
  'membership',
  {
    userId: text()
      .notNull()
      .references(() => staffUser.id, { onDelete: 'cascade' }),
    tenantId: text().notNull(),
    role: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.tenantId] }),
    index('membership_tenant').on(t.tenantId),
    pgPolicy('membership_store', {
      as: 'permissive',
      for: 'all',
      to: 'public',
      using: sql`coalesce(current_setting('app.tenant_id', true), '') in ('', ${t.tenantId})`,
      withCheck: sql`coalesce(current_setting('app.tenant_id', true), '') in ('', ${t.tenantId})`,
    }),
  ],
);

/**
 * A signed-in staff browser or API client. Only the SHA-256 of the token is stored. Ends after 15
 * idle minutes or 12 hours, at log-out, or when the user is disabled or their role changes.
 * `mfaPending`: a password-checked session that may only finish TOTP enrolment.
 */
export const staffSession = staffSchema.table(
  'session',
  {
    tokenHash: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => staffUser.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    mfaPending: boolean().notNull().default(false),
  },
  (t) => [index('staff_session_user').on(t.userId)],
);

/** Earlier password hashes (the last 10 may not be reused). */
export const passwordHistory = staffSchema.table(
  'password_history',
  {
    userId: text()
      .notNull()
      .references(() => staffUser.id, { onDelete: 'cascade' }),
    passwordHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('password_history_user').on(t.userId, t.createdAt)],
);

/** One-time recovery codes (SHA-256 only), 10 per enrolment. */
export const recoveryCode = staffSchema.table(
  'recovery_code',
  {
    userId: text()
      .notNull()
      .references(() => staffUser.id, { onDelete: 'cascade' }),
    codeHash: text().notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/**
 * A notice to the merchants' staff (PL-3): maintenance, a service update, a renewal reminder —
 * posted by a platform operator for one store (`tenant_id`) or for every store (NULL), shown in the
 * back office between `starts_at` and `ends_at`. About the service, never about a person.
 */
export const notice = staffSchema.table(
  'notice',
  {
    id: text().primaryKey(),
    tenantId: text(),
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }),
    postedBy: text().notNull(),
    postedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('notice_window').on(t.startsAt),
    pgPolicy('notice_store', {
      as: 'permissive',
      for: 'all',
      to: 'public',
      using: sql`${t.tenantId} is null or coalesce(current_setting('app.tenant_id', true), '') in ('', ${t.tenantId})`,
      withCheck: sql`coalesce(current_setting('app.tenant_id', true), '') = ''`,
    }),
  ],
);
