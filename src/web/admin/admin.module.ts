import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { adminPages } from './admin.routes.tsx';

/** The back office's server-rendered pages (/admin). Stores no data of its own. */
export const adminPagesModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'admin',
  pages: adminPages,
};
