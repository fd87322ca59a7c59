/**
 * Summarises a V8 CPU profile (`npm run bench -- --profile` writes them to bench/profiles/):
 * self time by function and by package/module, so the report can say where the time goes.
 * Usage: tsx bench/profile-summary.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]');
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

/** Where a frame comes from: a package name, one of our folders, or node's internals. */
function origin(url: string): string {
  if (!url) return '(native / vm)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours =
    /\/work\/[^/]+\/((?:src|bench)\/[^/]+(?:\/[^/]+)?)/.exec(url) ?? /\/(src\/[^/]+(?:\/[^/]+)?)/.exec(url);
  if (ours) return ours[1]!;
  if (url.startsWith('node:')) return url.split('/')[0]!;
  return url.replace(/^.*\//, '');
}

const fnTime = new Map<string, number>();
const originTime = new Map<string, number>();
for (const [id, t] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const name = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^.*\/work\/[^/]+\//, '')}:${lineNumber + 1}` : ''}`;
  fnTime.set(name, (fnTime.get(name) ?? 0) + t);
  const o = origin(url);
  originTime.set(o, (originTime.get(o) ?? 0) + t);
}
const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)} %`;
const print = (title: string, m: Map<string, number>) => {
  process.stdout.write(`\n${title}\n`);
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(`${pct(t)}  ${k}\n`);
};
process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s of samples\n`);
print('Self time by origin', originTime);
print('Self time by function', fnTime);
