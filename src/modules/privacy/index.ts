/**
 * Privacy engine: the data inventory, the vault (field encryption, blind indexes, crypto-shredding),
 * THE read path for personal data (role views, masking, audit), and the audit hook.
 */
import './privacy.ctx.ts';
export { Vault, isSealedValue, type BlindIndexNormalisation } from './vault/vault.ts';
export { loadMasterKeyring, generateKeyring, type MasterKeyring } from './vault/master-keyring.ts';
export {
  definePersonalData,
  PURPOSES,
  RETENTION_RULES,
  type PersonalDataDeclaration,
  type PersonalField,
  type SubjectLink,
  type DataCategory,
  type SubjectKind,
  type Purpose,
  type RetentionRule,
  type ReadableBy,
  type Recipient,
  type MaskKind,
} from './inventory/define-personal-data.ts';
export {
  Inventory,
  PERSONAL_COLUMN_PATTERN,
  undeclaredPersonalColumns,
  type ColumnRef,
  type DeclaredField,
} from './inventory/inventory.ts';
export {
  readPersonal,
  visibilityOf,
  visibilityOfColumn,
  type SealedRow,
  type Visibility,
} from './access/read-personal.ts';
export { mask } from './access/masks.ts';
export { MemoryAudit, type AuditRecorder, type AuditEntry } from './audit/audit-recorder.ts';
export { privacyModule } from './privacy.module.ts';
