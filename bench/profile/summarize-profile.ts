// Reads a V8 .cpuprofile and lists where the time went: self time per function, inclusive time per function
// (each stack counted once, so recursion is not double counted) and self time per file.
// Usage: tsx bench/profile/summarize-profile.ts <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  self: [string, number][];
  inclusive: [string, number][];
  files: [string, number][];
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(repoRoot, '')
    .replace(/^.*node_modules\//, 'node_modules/') || '(native)';
const keyOf = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const top = (m: Map<string, number>, n: number): [string, number][] =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, n);

export function summarizeProfile(profile: CpuProfile, n = 20): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const self = new Map<string, number>();
  const files = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const onStack = new Map<string, number>();
  // Returns the inclusive µs of `id`'s subtree; adds it to each function once per stack.
  const walk = (id: number): number => {
    const node = byId.get(id)!;
    const key = keyOf(node);
    const own = selfUs.get(id) ?? 0;
    self.set(key, (self.get(key) ?? 0) + own / 1000);
    const file = shortUrl(node.callFrame.url);
    files.set(file, (files.get(file) ?? 0) + own / 1000);
    onStack.set(key, (onStack.get(key) ?? 0) + 1);
    let total = own;
    for (const c of node.children ?? []) total += walk(c);
    onStack.set(key, onStack.get(key)! - 1);
    if (onStack.get(key) === 0) inclusive.set(key, (inclusive.get(key) ?? 0) + total / 1000);
    return total;
  };
  const root = profile.nodes[0]!;
  const totalMs = walk(root.id) / 1000;
  return { totalMs, self: top(self, n), inclusive: top(inclusive, n), files: top(files, n) };
}

export function formatSummary(s: ProfileSummary): string {
  const pct = (ms: number) =>
    `${((100 * ms) / s.totalMs).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(7)} ms`;
  const list = (title: string, rows: [string, number][]) =>
    [`${title}:`, ...rows.map(([k, ms]) => `  ${pct(ms)}  ${k}`)].join('\n');
  return [
    `profile: ${(s.totalMs / 1000).toFixed(1)} s sampled`,
    list('self time by function', s.self),
    list('inclusive time by function', s.inclusive),
    list('self time by file', s.files),
  ].join('\n\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, n] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx bench/profile/summarize-profile.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  console.log(formatSummary(summarizeProfile(profile, Number(n ?? 20))));
}
