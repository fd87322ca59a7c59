import type { Vault } from './vault/vault.ts';
import type { AuditRecorder } from './audit/audit-recorder.ts';
import type { SubjectData } from './requests/subject-data.ts';
import type { RetentionEngine } from './retention/retention-engine.ts';

// The privacy engine's services on every ctx (filled by the one ctx factory, src/runtime.ts).
declare module '#platform/ctx.ts' {
  interface Ctx {
    /** Field encryption, blind indexes and crypto-shredding; decrypting goes through `readPersonal`. */
    vault: Vault;
    /** Where audit events are recorded (AU-1). */
    audit: AuditRecorder;
    /** The subject-request engine: every module's export, erase and history handlers (DR-2..4). */
    subjectData: SubjectData;
    /** The retention engine over every module's retention handlers (RT-1). */
    retention: RetentionEngine;
  }
}
