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

/** Staff roles of AC-1..6; `:masked` means the role sees the field only masked. */
export type StaffRole =
  'warehouse' | 'customer_service' | 'operations' | 'finance' | 'compliance' | 'merchant_admin';
export type ReadableBy = StaffRole | `${StaffRole}:masked` | 'subject';

/** Third parties of SH-1..8. */
export type Recipient = 'carrier' | 'payment_provider' | 'tracking_provider' | 'marketplace';

/** One declared personal column. */
export interface PersonalField {
  category: DataCategory;
  purposes: string[];
  readableBy: ReadableBy[];
  sharedWith: Recipient[];
  /** Names a retention rule of the tenant policy (executed by the retention engine). */
  retention: string;
  /**
   * How it is stored: sealed by the vault (every value-bearing field), a keyed hash for lookups,
   * or a one-way slow hash (passwords, argon2id) that nobody can read back.
   */
  storage: 'sealed' | 'blind_index' | 'one_way_hash';
}

/** A module's declaration of the personal data it stores (PV-1). */
export interface PersonalDataDeclaration {
  module: string;
  subject: SubjectKind;
  /** Keys are `schema.table.column`. */
  fields: Record<string, PersonalField>;
}

/** Declares a module's personal fields; the inventory collects these declarations. */
export function definePersonalData(declaration: PersonalDataDeclaration): PersonalDataDeclaration {
  for (const key of Object.keys(declaration.fields)) {
    if (!/^[a-z_]+\.[a-z_]+\.[a-z][a-z0-9_]*$/.test(key))
      throw new Error(`personal field '${key}' must be named schema.table.column`);
  }
  return declaration;
}
