import { describe, expect, it } from 'vitest';
import { newId } from '#platform/ids.ts';

// Ids are time-ordered (primary-key indexes stay append-mostly) and, within a process, increase in
// the order they were made — also when many are made in one millisecond.

const BODY = /^ord_[0-9abcdefghjkmnpqrstvwxyz]{26}$/;

describe('ids', () => {
  it('are a prefix, 10 characters of time and 16 random ones, in Crockford base32', () => {
    const id = newId('ord');
    expect(id).toMatch(BODY);
    // The time part says when: 2026-11-23T10:00:00Z is 1795428000000 ms, "01m83xj880" in base 32.
    expect(newId('ord', new Date('2026-11-23T10:00:00Z')).slice(4, 14)).toBe('01m83xj880');
  });

  it('made in one millisecond, they increase in the order they were made and never repeat', () => {
    const at = new Date('2026-11-23T10:00:00.123Z');
    const ids = Array.from({ length: 5000 }, () => newId('ord', at));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every((id) => BODY.test(id))).toBe(true);
  });

  it('a later millisecond sorts after an earlier one, whatever the random part', () => {
    const earlier = Array.from({ length: 200 }, () => newId('ord', new Date('2026-11-23T10:00:00.001Z')));
    const later = Array.from({ length: 200 }, () => newId('ord', new Date('2026-11-23T10:00:00.002Z')));
    expect(earlier.every((e) => later.every((l) => e < l))).toBe(true);
  });
});
