import type { Vault } from './vault/vault.ts';
import type { AuditRecorder } from './audit/audit-recorder.ts';

// The privacy engine's services on every ctx (filled by the one ctx factory, src/runtime.ts).
declare module '#platform/ctx.ts' {
  interface Ctx {
    /** Field encryption, blind indexes and crypto-shredding; decrypting goes through `readPersonal`. */
    vault: Vault;
    /** Where audit events are recorded (AU-1). */
    audit: AuditRecorder;
  }
}
