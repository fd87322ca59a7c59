import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';

/** Stock levels and the movement ledger. Holds nothing about a person (movements name roles). */
export const stockModule: ModuleContract<PersonalDataDeclaration> = { name: 'stock' };
