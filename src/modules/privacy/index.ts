/**
 * Privacy engine: the data inventory, the vault (field encryption, blind indexes, crypto-shredding),
 * THE read path for personal data (role views, masking, audit), and the audit hook.
 */
import './privacy.ctx.ts';
export {
  Vault,
  CarriedKey,
  isSealedValue,
  type BlindIndexNormalisation,
  type VaultOpen,
} from './vault/vault.ts';
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
export {
  CONTRACT_PURPOSES,
  restrictProcessing,
  liftRestriction,
  restrictionOf,
  recordConsent,
  consentOf,
  consentHistory,
  type ConsentSource,
  type ConsentState,
} from './access/consent.ts';
export {
  aggregate,
  flatAggregate,
  MIN_GROUP_SIZE,
  type Aggregate,
  type GroupRow,
} from './access/aggregates.ts';
export { unmaskField, UNMASK_REASONS, UNMASKS_PER_HOUR, type UnmaskReason } from './access/unmask.ts';
export {
  AuditLog,
  AuditTrail,
  AUDIT_ACTIONS,
  LANES,
  type AuditAction,
  type AuditRecorder,
  type AuditEntry,
  type AuditingCtx,
} from './audit/audit-recorder.ts';
export { CheckpointSigner, GENESIS, chainHash, canonicalEvent, keyIdOf } from './audit/audit-chain.ts';
export {
  verifyAudit,
  type AuditVerification,
  type AuditProblem,
  type AuditProblemKind,
} from './audit/verify-audit.ts';
export {
  findAuditEvents,
  auditActivity,
  subjectsTouchedBy,
  type AuditEventView,
  type ActorActivity,
} from './audit/find-audit-events.ts';
export type { AuditFilter } from './audit/audit.repository.ts';
export { privacyModule } from './privacy.module.ts';
export {
  RetentionEngine,
  recentRetentionRuns,
  type RetentionReport,
  type RetentionLine,
} from './retention/retention-engine.ts';
export {
  SubjectData,
  EXPORT_FORMAT,
  type SubjectExport,
  type SubjectReceipt,
  type SubjectDataParticipant,
} from './requests/subject-data.ts';
export {
  PROMISES,
  privacyDocument,
  documentFingerprint,
  type PromiseId,
  type PolicyPromise,
  type PrivacyDocument,
} from './policy/privacy-document.ts';
export {
  policyVersionInEffect,
  upcomingPolicyVersions,
  storeDay,
  consentAskedAgainBy,
  type PolicyVersionEntry,
} from './policy/policy-versions.ts';
export {
  currentPrivacyDocument,
  keepPolicyVersion,
  keptPrivacyDocument,
  policyHistory,
} from './policy/privacy-page.ts';
export {
  checkShare,
  recordShare,
  recordRefusal,
  refusalsRecorded,
  releaseShare,
  ShareRefused,
  type InTransaction,
  SHARE_REFERENCES,
  kindLabel,
  shareableWith,
  type ShareCheck,
  type SharePermit,
  type ProcessorKind,
} from './sharing/sharing-gate.ts';
export {
  listProcessors,
  registerProcessor,
  terminateProcessor,
  listDisclosures,
  PROCESSOR_KINDS,
  type ProcessorView,
  type DisclosureView,
} from './sharing/processor-register.ts';
export { PROCESSORS_CHANGED, processorCache } from './sharing/processor-cache.ts';
export { createBackup, restoreBackup, type BackupMade, type BackupRestored } from './backup/backup.ts';
export {
  loadBackupKey,
  readHeader as readBackupHeader,
  BackupFileError,
  type BackupHeader,
  type BackupKey,
} from './backup/backup-file.ts';
export {
  placeLegalHold,
  releaseLegalHold,
  listLegalHolds,
  openHeldData,
  HOLD_BASES,
  HOLD_ACCESS_REASONS,
  type HoldBasis,
  type HoldAccessReason,
  type LegalHoldView,
} from './holds/legal-holds.ts';
