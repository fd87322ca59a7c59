import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { LogCapture } from '../support/test-app.ts';

const root = mkdtempSync(path.join(tmpdir(), 'pledge-perms-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file and folder under `dir` whose mode lets group or others in. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const visit = (entry: string) => {
    const stat = statSync(entry);
    if ((stat.mode & 0o077) !== 0)
      found.push(`${path.relative(root, entry)} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(entry)) visit(path.join(entry, name));
  };
  visit(dir);
  return found;
}

describe('SEC-1: the embedded database and the key file are private to their owner', () => {
  it('SEC-1: a new data folder is 0700 with 0600 files; loose permissions found at start are fixed with a warning', async () => {
    const dataDir = path.join(root, 'data');
    // A folder someone left open, with a file in it, before the first start.
    mkdirSync(path.join(dataDir, 'stray'), { recursive: true });
    writeFileSync(path.join(dataDir, 'stray', 'notes.txt'), 'x');
    chmodSync(path.join(dataDir, 'stray', 'notes.txt'), 0o666);
    chmodSync(path.join(dataDir, 'stray'), 0o777);
    chmodSync(dataDir, 0o777);

    const logs = new LogCapture();
    const config = {
      ...loadConfig({ PLEDGE_DATA_DIR: dataDir, PLEDGE_SEED_DEMO: 'false' }),
      databaseUrl: undefined,
    };
    const app = await createApp(config, { logger: createLogger('info', logs) });
    await app.close();

    expect(openToOthers(dataDir)).toEqual([]);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.join(dataDir, 'pgdata')).length).toBeGreaterThan(5);
    expect(logs.text).toContain('its permissions were tightened to the owner only');
  });
});
