import type { MaskKind } from '../inventory/define-personal-data.ts';

const DOT = '•';

function keepFirst(text: string, keep = 1): string {
  const chars = [...text];
  if (chars.length === 0) return '';
  return chars.slice(0, keep).join('') + DOT.repeat(Math.max(3, Math.min(chars.length - keep, 6)));
}

/**
 * A value as a role that may only see it masked sees it (AC-6): enough to recognise it on the
 * phone with the person it belongs to, never enough to use it.
 * - email: `j•••@e•••.com` (first letter of the name and of the domain, the top-level domain),
 * - phone: `•••• 17` (the last two digits),
 * - name: `M. Q•••` (initials),
 * - street: hidden entirely,
 * - reference: `•••• 4821` (the last four characters),
 * - text: the first character, then dots.
 */
export function mask(kind: MaskKind, value: string): string {
  switch (kind) {
    case 'email': {
      const at = value.lastIndexOf('@');
      if (at <= 0) return keepFirst(value);
      const domain = value.slice(at + 1);
      const dot = domain.lastIndexOf('.');
      const host = dot > 0 ? domain.slice(0, dot) : domain;
      const tld = dot > 0 ? domain.slice(dot) : '';
      return `${keepFirst(value.slice(0, at))}@${keepFirst(host)}${tld}`;
    }
    case 'phone': {
      const digits = value.replace(/\D/g, '');
      return `${DOT.repeat(4)} ${digits.slice(-2)}`;
    }
    case 'name':
      return value
        .split(/\s+/)
        .filter(Boolean)
        .map((part, i, parts) =>
          i === parts.length - 1 && parts.length > 1 ? keepFirst(part) : `${[...part][0]}.`,
        )
        .join(' ');
    case 'street':
      return DOT.repeat(6);
    case 'reference':
      return `${DOT.repeat(4)} ${value.slice(-4)}`;
    case 'text':
      return keepFirst(value);
  }
}
