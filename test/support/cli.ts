import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { withDatabase } from './database-url.ts';

/** What one CLI invocation printed and how it exited. */
export interface CliResult {
  code: number;
  out: string;
}

/**
 * A private place for `npx pledge …` as an operator runs it: its own data directory (embedded
 * database, key files) on the PGlite run, or its own database on the PostgreSQL server (named as
 * the run's copies, `<template>_c_…`, so the global teardown drops it).
 */
export class CliSandbox {
  dir = '';
  databaseUrl: string | undefined;
  readonly masterKey = randomBytes(32).toString('base64');
  /** Extra environment for every call (e.g. another backup key). */
  extraEnv: Record<string, string> = {};

  async open(label: string): Promise<void> {
    this.dir = await mkdtemp(path.join(tmpdir(), `pledge-${label}-cli-`));
    const server = process.env.DATABASE_URL;
    if (server) {
      const name = `${inject('pgTemplate')}_c_${label.slice(0, 3)}${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: server });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      this.databaseUrl = withDatabase(server, name);
    }
  }

  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Runs `pledge …args` (the same entry point as `npx pledge`). */
  run(...args: string[]): Promise<CliResult> {
    const env = {
      ...process.env,
      PLEDGE_DATA_DIR: this.dir,
      PLEDGE_MASTER_KEY: this.masterKey,
      PLEDGE_MASTER_KEY_ID: 'mk-cli',
      DATABASE_URL: this.databaseUrl ?? '',
      LOG_LEVEL: 'error',
      ...this.extraEnv,
    };
    return new Promise((resolve) => {
      execFile('node', ['bin/pledge.js', ...args], { env, timeout: 120_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
      );
    });
  }
}
