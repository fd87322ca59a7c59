import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliSandbox } from '../support/cli.ts';

// PL-3: the operator posts notices to the merchants' staff (maintenance, service updates, renewal
// reminders) with `npx pledge notice post`, for one store or all; bad input is refused with a reason.

const cli = new CliSandbox();
const pledge = (...args: string[]) => cli.run(...args);

beforeAll(async () => {
  await cli.open('notice');
  const seeded = await pledge('db', 'seed');
  expect(seeded.code, seeded.out).toBe(0);
}, 180_000);
afterAll(() => cli.close());

describe('PL-3: the notice CLI', () => {
  it('PL-3: a notice is posted to one store or every store and listed; an unknown kind, store or an end before the start is refused', async () => {
    const wrongKind = await pledge(
      'notice',
      'post',
      '--kind',
      'party',
      '--title',
      'Hello',
      '--text',
      'Hi all',
    );
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.out).toContain(
      'not posted: the kind must be one of: maintenance, service_update, renewal_reminder',
    );
    const noStore = await pledge(
      'notice',
      'post',
      '--kind',
      'maintenance',
      '--title',
      'Down',
      '--text',
      'Soon',
      '--store',
      'nope',
    );
    expect(noStore.code).toBe(2);
    expect(noStore.out).toContain("no store 'nope'");
    const backwards = await pledge(
      'notice',
      'post',
      '--kind',
      'maintenance',
      '--title',
      'Window',
      '--text',
      'Database upgrade',
      '--from',
      '2026-12-20T02:00:00Z',
      '--until',
      '2026-12-20T01:00:00Z',
    );
    expect(backwards.code).toBe(2);
    expect(backwards.out).toContain('must end after it starts');

    const all = await pledge(
      'notice',
      'post',
      '--kind',
      'maintenance',
      '--title',
      'Database upgrade on Sunday',
      '--text',
      'The back office is read-only from 02:00 to 02:30 UTC.',
    );
    expect(all.code, all.out).toBe(0);
    expect(all.out).toMatch(/notice ntc_[0-9a-z]+ posted to every store/);
    const one = await pledge(
      'notice',
      'post',
      '--kind',
      'renewal_reminder',
      '--title',
      'Carrier contract renews',
      '--text',
      'The carrier agreement renews on 1 January; check its terms.',
      '--store',
      'rugs',
    );
    expect(one.code, one.out).toBe(0);
    expect(one.out).toContain('posted to rugs');
    const listed = await pledge('notice', 'list');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('Database upgrade on Sunday');
    expect(listed.out).toContain('Carrier contract renews');
    expect(listed.out).toContain('every store');
    expect(listed.out).toMatch(/renewal_reminder +rugs/);
  }, 120_000);
});
