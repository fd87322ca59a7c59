import type { PersonalDataDeclaration, PersonalField } from './define-personal-data.ts';

/** Column-name fragments that suggest personal data; an undeclared match fails the inventory test. */
export const PERSONAL_COLUMN_PATTERN =
  /(^|_)(name|first_name|last_name|nickname|email|e_mail|phone|mobile|address|street|city|zip|postal|postcode|ip|ip_address|birth|dob|note|notes|message|comment|recipient|contact|passport|id_number|card|iban|geo|lat|lng|device)(_|$)/;

/** Columns that match the pattern but are not personal, with the reason. */
export const NOT_PERSONAL: Record<string, string> = {
  'catalog.category.name': 'a category name the merchant publishes',
  'catalog.product.name': 'a product name the merchant publishes',
  'catalog.product.category_name': 'a copy of the published category name',
  'tenants.tenant.name': 'a store name the merchant publishes',
  'orders.order_line.product_name': 'a copy of the published product name on an order line',
};

/**
 * Every declared field, keyed `schema.table.column`. The declarations come from each module's
 * definition in `src/modules.ts` (the inventory never imports modules itself).
 */
export function declaredFields(
  declarations: PersonalDataDeclaration[],
): Map<string, PersonalField & { module: string }> {
  const map = new Map<string, PersonalField & { module: string }>();
  for (const d of declarations) {
    for (const [key, field] of Object.entries(d.fields)) {
      if (map.has(key)) throw new Error(`personal field '${key}' is declared twice`);
      map.set(key, { ...field, module: d.module });
    }
  }
  return map;
}

/** A column of the database, as information_schema names it. */
export interface ColumnRef {
  schema: string;
  table: string;
  column: string;
}

/** Columns whose names look personal but that are neither declared nor listed as not personal (PV-1). */
export function undeclaredPersonalColumns(
  columns: ColumnRef[],
  declarations: PersonalDataDeclaration[],
): string[] {
  const declared = declaredFields(declarations);
  return columns
    .map((c) => `${c.schema}.${c.table}.${c.column}`)
    .filter(
      (key) =>
        PERSONAL_COLUMN_PATTERN.test(key.split('.')[2]!) && !declared.has(key) && !(key in NOT_PERSONAL),
    );
}
