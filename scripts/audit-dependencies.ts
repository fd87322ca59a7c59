/**
 * Dependency audit for CI (SEC-7). Asks the package registry for advisories (`npm audit`); when the
 * registry refuses the request (some mirrors answer 405), it says so and checks package-lock.json
 * against the vendored snapshot in security/advisories.json instead.
 *
 * Policy: fails on a high or critical advisory in a production dependency, or a critical one in a
 * development dependency; lists everything else. `--lock <file>` and `--snapshot <file>` check
 * other files (tests use them).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';

type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';
export interface Finding {
  id: string;
  package: string;
  version: string;
  severity: Severity;
  dev: boolean;
  summary: string;
}
interface Advisory {
  id: string;
  package: string;
  vulnerable: string;
  severity: Severity;
  summary: string;
}
interface Lockfile {
  packages: Record<string, { version?: string; dev?: boolean }>;
}

const RANK: Record<Severity, number> = { info: 0, low: 1, moderate: 2, high: 3, critical: 4 };

/** Whether a finding stops the build under the policy above. */
export const blocks = (f: Finding) => RANK[f.severity] >= (f.dev ? RANK.critical : RANK.high);

/** Every installed package of a lockfile, with its version and whether only development needs it. */
export function installedPackages(lock: Lockfile): { name: string; version: string; dev: boolean }[] {
  return Object.entries(lock.packages)
    .filter(([key, v]) => key !== '' && v.version)
    .map(([key, v]) => ({
      name: key.split('node_modules/').pop()!,
      version: v.version!,
      dev: Boolean(v.dev),
    }));
}

/** The snapshot's advisories that match installed versions. */
export function matchSnapshot(lock: Lockfile, advisories: Advisory[]): Finding[] {
  const findings: Finding[] = [];
  for (const pkg of installedPackages(lock))
    for (const a of advisories)
      if (a.package === pkg.name && semver.satisfies(pkg.version, a.vulnerable, { includePrerelease: true }))
        findings.push({
          id: a.id,
          package: pkg.name,
          version: pkg.version,
          severity: a.severity,
          dev: pkg.dev,
          summary: a.summary,
        });
  return findings;
}

/** Runs `npm audit`; undefined (with the reason) when the registry does not answer it. */
function askRegistry(cwd: string, lock: Lockfile): { findings?: Finding[]; refused?: string } {
  let out: string;
  try {
    out = execFileSync('npm', ['audit', '--json'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  } catch (error) {
    // npm audit exits 1 when it finds something; its JSON is then on stdout.
    out = String((error as { stdout?: string }).stdout ?? '');
  }
  let report: {
    vulnerabilities?: Record<string, { severity: Severity; via: unknown[] }>;
    message?: string;
    error?: { summary?: string };
  };
  try {
    report = JSON.parse(out);
  } catch {
    return { refused: 'npm audit gave no readable answer' };
  }
  if (!report.vulnerabilities)
    return { refused: report.message ?? report.error?.summary ?? 'no advisories in the answer' };
  const installed = installedPackages(lock);
  return {
    findings: Object.entries(report.vulnerabilities).map(([name, v]) => {
      const via = v.via.find(
        (x): x is { source?: number; url?: string; title?: string } => typeof x === 'object',
      );
      const versions = installed.filter((p) => p.name === name);
      return {
        id: via?.url?.split('/').pop() ?? String(via?.source ?? name),
        package: name,
        version: versions.map((p) => p.version).join(', '),
        severity: v.severity,
        dev: versions.length > 0 && versions.every((p) => p.dev),
        summary: via?.title ?? 'via another package',
      };
    }),
  };
}

function main() {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
  };
  const root = path.resolve(import.meta.dirname, '..');
  const lockPath = option('--lock', path.join(root, 'package-lock.json'));
  const snapshotPath = option('--snapshot', path.join(root, 'security', 'advisories.json'));
  const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as Lockfile;

  let findings: Finding[];
  const answer = args.includes('--offline')
    ? { refused: 'asked not to (--offline)' }
    : askRegistry(path.dirname(lockPath), lock);
  if (answer.findings) {
    console.log('audit: advisories from the package registry (npm audit)');
    findings = answer.findings;
  } else {
    const snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8')) as {
      updated: string;
      advisories: Advisory[];
    };
    console.log(
      `audit: the package registry refused the advisory request (${answer.refused}); checking ${path.basename(lockPath)} against the vendored snapshot ${path.relative(root, snapshotPath)} (${snapshot.advisories.length} advisories, updated ${snapshot.updated})`,
    );
    findings = matchSnapshot(lock, snapshot.advisories);
  }
  for (const f of findings)
    console.log(
      `audit: ${blocks(f) ? 'BLOCKING' : 'noted   '} ${f.severity.padEnd(8)} ${f.package}@${f.version}${f.dev ? ' (dev)' : ''} ${f.id}: ${f.summary}`,
    );
  const blocking = findings.filter(blocks);
  console.log(`audit: ${findings.length} finding(s), ${blocking.length} blocking`);
  if (blocking.length > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) main();
