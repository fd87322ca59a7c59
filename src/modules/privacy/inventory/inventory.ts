import type { PersonalDataDeclaration, PersonalField, SubjectLink } from './define-personal-data.ts';

/** Column-name fragments that suggest personal data; an undeclared match fails the inventory test. */
export const PERSONAL_COLUMN_PATTERN =
  /(^|_)(name|first_name|last_name|nickname|email|e_mail|phone|mobile|address|street|city|zip|postal|postcode|ip|ip_address|birth|dob|note|notes|message|comment|recipient|contact|passport|id_number|card|iban|geo|lat|lng|device|customer_id|subject_id|member_id|buyer)(_|$)/;

/** A declared field with the module that owns it. */
export type DeclaredField = PersonalField & { module: string };

/**
 * The data inventory: every module's declared personal fields, subject links and non-personal
 * exemptions, collected from the module contracts in `src/modules.ts` (privacy imports no module).
 */
export class Inventory {
  readonly fields = new Map<string, DeclaredField>();
  readonly subjectLinks = new Map<string, SubjectLink & { module: string }>();
  readonly notPersonal = new Map<string, string>();

  constructor(readonly declarations: PersonalDataDeclaration[]) {
    for (const d of declarations) {
      for (const [key, field] of Object.entries(d.fields)) {
        if (this.fields.has(key)) throw new Error(`personal field '${key}' is declared twice`);
        this.fields.set(key, { ...field, module: d.module });
      }
      for (const [key, link] of Object.entries(d.subjectLinks ?? {}))
        this.subjectLinks.set(key, { ...link, module: d.module });
      for (const [key, why] of Object.entries(d.notPersonal ?? {})) this.notPersonal.set(key, why);
    }
  }

  /** The declaration of `schema.table.column`, or undefined. */
  field(key: string): DeclaredField | undefined {
    return this.fields.get(key);
  }

  /** Whether a column is accounted for: declared personal, a declared subject link, or exempt. */
  accounts(key: string): boolean {
    return this.fields.has(key) || this.subjectLinks.has(key) || this.notPersonal.has(key);
  }
}

/** A column of the database, as information_schema names it. */
export interface ColumnRef {
  schema: string;
  table: string;
  column: string;
}

/**
 * Columns the inventory does not account for (PV-1): those whose names look personal, and every
 * column of a table that holds a personal field or links to a subject (a table about a person is
 * personal data as a whole: its order lines, totals and timestamps say what that person did).
 */
export function undeclaredPersonalColumns(columns: ColumnRef[], inventory: Inventory): string[] {
  const personalTables = new Set(
    [...inventory.fields.keys(), ...inventory.subjectLinks.keys()].map((k) =>
      k.split('.').slice(0, 2).join('.'),
    ),
  );
  return columns
    .map((c) => ({
      key: `${c.schema}.${c.table}.${c.column}`,
      table: `${c.schema}.${c.table}`,
      column: c.column,
    }))
    .filter(({ key, column }) => PERSONAL_COLUMN_PATTERN.test(column) && !inventory.accounts(key))
    .map(({ key }) => key)
    .concat(
      columns
        .map((c) => ({ key: `${c.schema}.${c.table}.${c.column}`, table: `${c.schema}.${c.table}` }))
        .filter(
          ({ key, table }) => personalTables.has(table) && !inventory.accounts(key) && !GENERIC.test(key),
        )
        .map(({ key }) => key),
    )
    .filter((key, i, all) => all.indexOf(key) === i)
    .sort();
}

/** Columns every table has (its tenant, its own random id), which say nothing about a person by themselves. */
const GENERIC = /\.(tenant_id|id)$/;
