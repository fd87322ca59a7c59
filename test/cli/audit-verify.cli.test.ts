import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { TestCardProcessor } from '../../src/modules/payments/index.ts';
import { buildPlatform } from '../../src/runtime.ts';
import { withDatabase } from '../support/database-url.ts';

// AU-2: `npx pledge audit verify` as an operator runs it — on the embedded database while no
// server holds it (PGlite run), or on a PostgreSQL server (PostgreSQL run) — before and after
// someone tampered with the log.

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
    execFile('node', ['bin/pledge.js', ...args], { env: env(), timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

function open(): Promise<Database> {
  return databaseUrl ? openDatabase({ databaseUrl }) : openDatabase({ dataDir: path.join(dir, 'pgdata') });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pledge-audit-cli-'));
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `${inject('pgTemplate')}_c_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    databaseUrl = withDatabase(server, name);
  }
  // Some audited platform events (failed staff log-ins), written through the platform's own ctx.
  const database = await open();
  const platform = await buildPlatform({
    database,
    clock: systemClock,
    log: createLogger('error'),
    keyring: { currentId: 'mk-cli', keys: new Map([['mk-cli', Buffer.from(MASTER_KEY, 'base64')]]) },
    payments: new TestCardProcessor(),
  });
  for (let i = 0; i < 12; i++)
    await platform.runtime.onPlatform(undefined, (ctx) =>
      ctx.audit.record(ctx, { action: 'login_failed', detail: { reason: 'password', attempt: i } }),
    );
  await database.close();
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('AU-2: pledge audit verify from the command line', () => {
  it('AU-2: an intact log verifies (exit 0), a checkpoint is signed, and the public key is exported', async () => {
    const before = await pledge('audit', 'verify');
    expect(before.out).toContain('12 events');
    expect(before.out).toContain('intact');
    expect(before.code).toBe(0);
    const signed = await pledge('audit', 'checkpoint');
    expect(signed.out).toMatch(/signed [1-9]\d* checkpoint/);
    const key = await pledge('audit', 'public-key');
    expect(key.out).toContain('BEGIN PUBLIC KEY');
    const after = await pledge('audit', 'verify', '--json');
    const report = JSON.parse(after.out) as { ok: boolean; checkpoints: number; unsignedTail: number };
    expect(report).toMatchObject({ ok: true, unsignedTail: 0 });
    expect(report.checkpoints).toBeGreaterThan(0);
  }, 120_000);

  it('AU-2: after an event is edited, verify exits 1 and names that event', async () => {
    const database = await open();
    const seq = await database.asOperator(async (db) => {
      await db.execute(sql`set local session_replication_role = replica`);
      const rows = await queryRows<{ seq: number }>(
        db,
        sql`select seq::int as seq from privacy.audit_event order by seq limit 1 offset 5`,
      );
      await db.execute(
        sql`update privacy.audit_event set detail = '{"reason":"none"}' where seq = ${rows[0]!.seq}`,
      );
      return rows[0]!.seq;
    });
    await database.close();
    const result = await pledge('audit', 'verify');
    expect(result.code).toBe(1);
    expect(result.out).toContain('TAMPERED');
    expect(result.out).toContain(`event #${seq} `);
    expect(result.out).toContain('altered');
  }, 120_000);
});
