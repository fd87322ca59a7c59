import type { StaffRole } from '#platform/actor.ts';

/** Who a personal field is about. */
export type SubjectKind = 'shopper' | 'member' | 'staff' | 'marketplace_buyer' | 'merchant_contact';

/** The data categories of PV-1. */
export type DataCategory =
  | 'account'
  | 'transaction'
  | 'logistics'
  | 'browsing'
  | 'after_sales'
  | 'technical'
  | 'marketplace_buyer'
  | 'merchant_business';

/**
 * Why personal data is processed. A closed list: every store's policy explains each one in its own
 * words (`policy.purposes`), and a read names the purpose it serves.
 */
export const PURPOSES = [
  'login',
  'registration',
  'order_updates',
  'order_lookup',
  'delivery_contact',
  'password_reset',
  'greeting',
  'customer_service',
  'fulfilment',
  'payment',
  'bookkeeping',
  'transactional_email',
  'security',
  'shopping',
  'reviews',
  'privacy_requests',
  'personalisation',
  'legal_claims',
] as const;
export type Purpose = (typeof PURPOSES)[number];

/**
 * The retention rules personal data can follow. Each store's policy must define every one
 * (`policy.retention`: when it applies and what happens); the retention engine executes them.
 */
export const RETENTION_RULES = [
  'account_data',
  'pending_registrations',
  'sessions',
  'reset_tokens',
  'carts',
  'wishlists',
  'order_personal_data',
  'access_grants',
  'checkout_submissions',
  'payment_records',
  'outbox_messages',
  'throttle_windows',
  'erasure_records',
  'staff_accounts',
  'audit_log',
  'privacy_requests',
  'browsing_history',
  'consent_records',
  'marketplace_buyer_data',
  'inactive_accounts',
] as const;
export type RetentionRule = (typeof RETENTION_RULES)[number];

/** A role, optionally only masked; or the data subject themself. */
export type ReadableBy = StaffRole | `${StaffRole}:masked` | 'subject';

/** Third parties of SH-1..8. */
export type Recipient = 'carrier' | 'payment_provider' | 'tracking_provider' | 'marketplace' | 'email_relay';

/** How a masked value is shown to a role that may only see it masked (AC-6). */
export type MaskKind = 'email' | 'phone' | 'name' | 'street' | 'text' | 'reference';

/** One declared personal column. */
export interface PersonalField {
  category: DataCategory;
  purposes: Purpose[];
  readableBy: ReadableBy[];
  sharedWith: Recipient[];
  /** Names a retention rule every store's policy defines (executed by the retention engine). */
  retention: RetentionRule;
  /**
   * How it is stored: sealed by the vault (every value a person typed), a keyed hash for lookups,
   * a one-way slow hash (passwords, argon2id) that nobody can read back, or plain: a fact about
   * the person the platform must compute with (an order's amounts, a log-in time), personal
   * because of the row it is in, readable only through the role views.
   */
  storage: 'sealed' | 'blind_index' | 'one_way_hash' | 'plain';
  /** How a `:masked` reader sees it; defaults to `text` (first character, then dots). */
  mask?: MaskKind;
  /**
   * For a blind index: the label its keyed hash was computed under, when that is not the column
   * itself (kept so existing indexes stay valid).
   */
  indexLabel?: string;
  /** How the privacy page names the detail when the column's name is not plain words ("your e-mail address"). */
  label?: string;
}

/** A column that links a row to a data subject without holding a personal value itself. */
export interface SubjectLink {
  /** Whose id the column holds. */
  subject: SubjectKind;
  category: DataCategory;
  /** Why the link exists. */
  purposes: Purpose[];
  retention: RetentionRule;
}

/** A module's declaration of the personal data it stores (PV-1). */
export interface PersonalDataDeclaration {
  module: string;
  subject: SubjectKind;
  /** Keys are `schema.table.column`. */
  fields: Record<string, PersonalField>;
  /** Columns that link rows to a person (`customer_id`, `subject_id`), keyed `schema.table.column`. */
  subjectLinks?: Record<string, SubjectLink>;
  /**
   * The module's columns whose names look personal but are not (a product's name), with the
   * reason; the inventory test accepts them.
   */
  notPersonal?: Record<string, string>;
  /**
   * Why the module's rows cannot be tied to a subject id, when they cannot (keyed hashes only):
   * such a module has nothing to export or erase per person and registers no handlers for it.
   */
  unlinkable?: string;
}

const COLUMN_KEY = /^[a-z_]+\.[a-z_]+\.[a-z][a-z0-9_]*$/;

/** Declares a module's personal fields; the inventory collects these declarations. */
export function definePersonalData(declaration: PersonalDataDeclaration): PersonalDataDeclaration {
  const keys = [
    ...Object.keys(declaration.fields),
    ...Object.keys(declaration.subjectLinks ?? {}),
    ...Object.keys(declaration.notPersonal ?? {}),
  ];
  for (const key of keys) {
    if (!COLUMN_KEY.test(key)) throw new Error(`personal field '${key}' must be named schema.table.column`);
    if (key.split('.')[0] !== declaration.module)
      throw new Error(
        `module '${declaration.module}' declares '${key}', a column of another module's schema`,
      );
  }
  return declaration;
}
