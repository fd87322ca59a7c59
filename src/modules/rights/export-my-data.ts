import { strToU8, zipSync } from 'fflate';
import type { Ctx } from '#platform/ctx.ts';
import type { SubjectExport } from '#modules/privacy';
import { openRequest } from './open-request.ts';
import { actorFor, subjectsOf, type Requester } from './requester.ts';

/**
 * A copy of everything the store holds about the requester (DR-1, DR-2), read through each
 * module's export handler as the subject themself; the export is audited and recorded as a
 * request done at once. Layout: docs/subject-export.md.
 */
export async function exportMyData(ctx: Ctx, requester: Requester): Promise<SubjectExport> {
  const data = await ctx.subjectData.export(ctx, subjectsOf(requester), (s) => actorFor(requester, s));
  await openRequest(ctx, requester, {
    kind: 'export',
    status: 'completed',
    receipt: { tables: Object.fromEntries(Object.entries(data.tables).map(([t, rows]) => [t, rows.length])) },
  });
  return data;
}

/** One CSV cell: text as is, dates as ISO, objects as JSON; quoted as RFC 4180 asks. */
function cell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : value instanceof Date
        ? value.toISOString()
        : typeof value === 'string'
          ? value
          : JSON.stringify(value);
  // A leading = + - @ would be a formula in a spreadsheet: prefixed so it stays text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A table's rows as CSV: one column per key any row has, in first-seen order. */
export function toCsv(rows: Record<string, unknown>[]): string {
  const columns: string[] = [];
  for (const row of rows) for (const k of Object.keys(row)) if (!columns.includes(k)) columns.push(k);
  const lines = [columns.map(cell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The export as a zip: one CSV per table, and a README naming the format. */
export function exportZip(data: SubjectExport): Uint8Array {
  const files: Record<string, Uint8Array> = {
    'README.txt': strToU8(
      [
        `Your data at ${data.store}, as of ${data.generatedAt}.`,
        `Format: ${data.format} (see docs/subject-export.md in Pledge's source).`,
        'One CSV file per table; the first line names the columns. Nested values are JSON.',
        '',
      ].join('\n'),
    ),
  };
  for (const [table, rows] of Object.entries(data.tables)) files[`${table}.csv`] = strToU8(toCsv(rows));
  return zipSync(files, { level: 6 });
}
