/** Privacy engine: the vault (field encryption, blind indexes, crypto-shredding) and the data inventory. */
export { Vault, isSealedValue, type FieldRef, type BlindIndexNormalisation } from './vault/vault.ts';
export { loadMasterKeyring, generateKeyring, type MasterKeyring } from './vault/master-keyring.ts';
export {
  definePersonalData,
  type PersonalDataDeclaration,
  type PersonalField,
  type DataCategory,
  type SubjectKind,
  type StaffRole,
  type Recipient,
} from './inventory/define-personal-data.ts';
export {
  PERSONAL_COLUMN_PATTERN,
  NOT_PERSONAL,
  declaredFields,
  undeclaredPersonalColumns,
  type ColumnRef,
} from './inventory/inventory.ts';
