import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from './inventory/define-personal-data.ts';
import { privacyPersonalData } from './privacy.personal-data.ts';
import { vaultRepository } from './vault/vault.repository.ts';

/** The privacy engine: the vault's keys and the data inventory (its read path serves every module). */
export const privacyModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'privacy',
  personalData: {
    declaration: privacyPersonalData,
    export: async (ctx, subjectId) => ({
      'privacy.subject_key': (await vaultRepository.keysOf(ctx.db, subjectId)).map((k) => ({
        createdAt: k.createdAt,
        destroyedAt: k.destroyedAt,
      })),
    }),
    // Erasing a subject is destroying its keys: every ciphertext sealed under them becomes noise.
    erase: (ctx, subjectId) => ctx.vault.shredSubject(ctx, subjectId),
  },
};
