import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { blocks, matchSnapshot } from '../../scripts/audit-dependencies.ts';

const snapshot = JSON.parse(readFileSync('security/advisories.json', 'utf8')) as { advisories: never[] };
const lock = (packages: Record<string, { version: string; dev?: boolean }>) => ({
  packages: { '': {}, ...packages },
});

describe('SEC-7: the dependency audit checks the lockfile against the advisory snapshot', () => {
  it('SEC-7: a vulnerable production dependency blocks; a fixed one does not', () => {
    const found = matchSnapshot(
      lock({
        'node_modules/semver': { version: '7.5.1' },
        'node_modules/a/node_modules/semver': { version: '7.5.2' },
      }),
      snapshot.advisories,
    );
    expect(found).toEqual([
      expect.objectContaining({ id: 'GHSA-c2qf-rxjj-qqgw', package: 'semver', version: '7.5.1', dev: false }),
    ]);
    expect(found.every(blocks)).toBe(true);
  });

  it('SEC-7: a moderate advisory in a development tool is listed but does not block; a low one in production neither', () => {
    const found = matchSnapshot(
      lock({
        'node_modules/esbuild': { version: '0.18.20', dev: true },
        'node_modules/cookie': { version: '0.6.0' },
      }),
      snapshot.advisories,
    );
    expect(found.map((f) => [f.package, f.severity, blocks(f)])).toEqual([
      ['esbuild', 'moderate', false],
      ['cookie', 'low', false],
    ]);
  });

  it('SEC-7: the project’s own lockfile has no blocking finding', () => {
    const own = JSON.parse(readFileSync('package-lock.json', 'utf8'));
    expect(matchSnapshot(own, snapshot.advisories).filter(blocks)).toEqual([]);
  });
});
