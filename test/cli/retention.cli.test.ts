import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { withDatabase } from '../support/database-url.ts';

// RT-1: `npx pledge retention run [--dry-run]` as an operator runs it — on the embedded database
// while no server holds it (PGlite run), or on a PostgreSQL server (PostgreSQL run).

const MASTER_KEY = randomBytes(32).toString('base64');
let dir: string;
let databaseUrl: string | undefined;

const env = () => ({
  ...process.env,
  PLEDGE_DATA_DIR: dir,
  PLEDGE_MASTER_KEY: MASTER_KEY,
  PLEDGE_MASTER_KEY_ID: 'mk-cli',
  DATABASE_URL: databaseUrl ?? '',
  LOG_LEVEL: 'error',
});

function pledge(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/pledge.js', ...args], { env: env(), timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pledge-retention-cli-'));
  const server = process.env.DATABASE_URL;
  if (server) {
    // Named as the run's copies (`<template>_c_…`), so the global teardown drops it.
    const name = `${inject('pgTemplate')}_c_r${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    databaseUrl = withDatabase(server, name);
  }
  const seeded = await pledge('db', 'seed');
  expect(seeded.code, seeded.out).toBe(0);
}, 180_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

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
