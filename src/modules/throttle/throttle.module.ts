import { throttleRepository } from './throttle.repository.ts';
import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { throttlePersonalData } from './throttle.personal-data.ts';
import { purgeEndedWindows } from './throttle.ts';

/**
 * Throttle: failure counters with blocks. Its rows are keyed hashes, not linked to any subject id
 * (nothing to export or erase per person); each row goes when its window ends.
 */
export const throttleModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'throttle',
  jobs: [
    {
      id: 'throttle.purge-ended',
      everyMs: 15 * 60_000,
      scope: 'tenant',
      run: async (ctx) => ({ deleted: await purgeEndedWindows(ctx!) }),
    },
  ],
  retention: [
    {
      rule: 'throttle_windows',
      what: 'failed-attempt windows that ended and block nothing',
      run: (ctx, o) => throttleRepository.endedBefore(ctx.db, o.cutoff, o.dryRun),
    },
  ],
  personalData: { declaration: throttlePersonalData },
};
