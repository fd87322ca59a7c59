import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliSandbox } from '../support/cli.ts';

// RT-1: `npx pledge retention run [--dry-run]` as an operator runs it — on the embedded database
// while no server holds it (PGlite run), or on a PostgreSQL server (PostgreSQL run).

const cli = new CliSandbox();
const pledge = (...args: string[]) => cli.run(...args);

beforeAll(async () => {
  await cli.open('retention');
  const seeded = await pledge('db', 'seed');
  expect(seeded.code, seeded.out).toBe(0);
}, 180_000);
afterAll(() => cli.close());

describe('RT-1: the retention CLI', () => {
  it('RT-1: a dry run lists every rule of a store with what would go; a real run reports what went; an unknown store exits 2', async () => {
    const dry = await pledge('retention', 'run', '--dry-run', '--store', 'rugs');
    expect(dry.code, dry.out).toBe(0);
    expect(dry.out).toContain('rugs: would remove');
    for (const rule of [
      'sessions',
      'reset_tokens',
      'carts',
      'access_grants',
      'outbox_messages',
      'browsing_history',
    ])
      expect(dry.out).toMatch(new RegExp(`\\n  ${rule}\\s+\\d+  `));
    const real = await pledge('retention', 'run');
    expect(real.code, real.out).toBe(0);
    for (const store of ['skincare', 'fragrance', 'rugs']) expect(real.out).toContain(`${store}: removed`);
    expect(real.out).not.toContain('ERROR');
    const unknown = await pledge('retention', 'run', '--store', 'nosuch');
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain("no store 'nosuch'");
  }, 120_000);
});
