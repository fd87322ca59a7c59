import { AppError } from '../errors.ts';

/** Control characters (C0, DEL, C1), refused everywhere but in multi-line body text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** In body text a tab and line breaks are allowed (a message to customer service has lines). */
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** A UTF-16 surrogate without its partner: not valid Unicode (PostgreSQL cannot store it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Where a value came from, for the error message. */
export type InputPart = 'path' | 'query' | 'body' | 'header';

/** Field names worth repeating in a message; anything else the sender invented is not echoed. */
const PLAIN_NAME = /^[A-Za-z0-9_.-]{1,60}$/;

function refuse(part: InputPart, name: string, why: string): AppError {
  return new AppError('invalid', `${part} ${PLAIN_NAME.test(name) ? `field '${name}' ` : ''}${why}`);
}

/**
 * Refuses text the platform must never store or pass on: control characters (a NUL byte breaks
 * PostgreSQL text and every statement batched with it) and lone UTF-16 surrogates (text that is
 * not valid Unicode). Walks objects and arrays, names the first offending field. Throws `invalid`.
 */
export function assertCleanText(part: InputPart, value: unknown, name = '', depth = 0): void {
  if (typeof value === 'string') {
    if ((part === 'body' ? CONTROL_IN_TEXT : CONTROL).test(value))
      throw refuse(part, name, 'contains a control character; remove it and send again');
    if (LONE_SURROGATE.test(value)) throw refuse(part, name, 'is not valid Unicode text');
    return;
  }
  if (value === null || typeof value !== 'object' || depth > 20) return;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (CONTROL.test(key) || LONE_SURROGATE.test(key))
      throw refuse(part, '', 'has a field name with a control character or invalid text');
    assertCleanText(part, item, name ? `${name}.${key}` : key, depth + 1);
  }
}

/**
 * Refuses numbers that are not finite after validation coerced them: Ajv lets "1e400" and
 * "Infinity" through an integer schema with a maximum (they compare as neither greater nor
 * smaller), and an infinite page number then reaches a query. Throws `invalid` naming the field.
 */
export function assertFiniteNumbers(part: InputPart, value: unknown, name = '', depth = 0): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw refuse(part, name, 'is not a finite number');
    return;
  }
  if (value === null || typeof value !== 'object' || depth > 20) return;
  for (const [key, item] of Object.entries(value as Record<string, unknown>))
    assertFiniteNumbers(part, item, name ? `${name}.${key}` : key, depth + 1);
}
