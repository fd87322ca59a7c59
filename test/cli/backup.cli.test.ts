import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CliSandbox } from '../support/cli.ts';

// SEC-6: `npx pledge backup create|inspect|restore` as an operator runs them — on the embedded
// database while no server holds it (PGlite run), or on a PostgreSQL server (PostgreSQL run).

const cli = new CliSandbox();
const pledge = (...args: string[]) => cli.run(...args);

beforeAll(async () => {
  await cli.open('backup');
  const seeded = await pledge('db', 'seed');
  expect(seeded.code, seeded.out).toBe(0);
}, 180_000);
afterAll(() => cli.close());

describe('SEC-6: the backup CLI', () => {
  it('SEC-6: a backup is written encrypted and owner-only; a changed byte, another key or a missing --yes restores nothing; the real restore brings the stores back with an intact audit chain', async () => {
    const file = path.join(cli.dir, 'stores.pledge');
    const made = await pledge('backup', 'create', '--out', file);
    expect(made.code, made.out).toBe(0);
    expect(made.out).toMatch(/backup written to .*: \d+ tables, \d+ rows/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const contents = await readFile(file);
    // Sealed: the demo stores' names and staff e-mails appear only as ciphertext.
    expect(contents.includes(Buffer.from('Dew & Half'))).toBe(false);
    expect(contents.includes(Buffer.from('warehouse@rugs.example'))).toBe(false);

    const inspected = await pledge('backup', 'inspect', file);
    expect(inspected.code, inspected.out).toBe(0);
    const header = JSON.parse(inspected.out) as { tables: { name: string; rows: number }[] };
    expect(header.tables.find((t) => t.name === 'tenants.tenant')?.rows).toBe(3);

    const unconfirmed = await pledge('backup', 'restore', file);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.out).toContain('--yes');

    const altered = Buffer.from(contents);
    altered[altered.length - 40] = altered[altered.length - 40]! ^ 0x01;
    const alteredFile = path.join(cli.dir, 'altered.pledge');
    await writeFile(alteredFile, altered);
    const refused = await pledge('backup', 'restore', alteredFile, '--yes');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('nothing restored: the backup file fails its integrity check');

    cli.extraEnv = { PLEDGE_BACKUP_KEY: randomBytes(32).toString('base64') };
    const otherKey = await pledge('backup', 'restore', file, '--yes');
    cli.extraEnv = {};
    expect(otherKey.code).toBe(1);
    expect(otherKey.out).toMatch(
      /nothing restored: the backup was sealed with key \w+, not with this backup key/,
    );

    const restored = await pledge('backup', 'restore', file, '--yes');
    expect(restored.code, restored.out).toBe(0);
    expect(restored.out).toMatch(/restored the backup of .*: \d+ tables, \d+ rows/);
    const stores = await pledge('stores');
    for (const slug of ['skincare', 'fragrance', 'rugs']) expect(stores.out).toContain(slug);
    const verified = await pledge('audit', 'verify');
    expect(verified.code, verified.out).toBe(0);
  }, 180_000);
});
