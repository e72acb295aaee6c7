// What the numbers were measured on: CPU, memory, Node, date, load, and the commit (read from .git
// directly, so the harness needs no git binary).
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  totalMemGiB: number;
  node: string;
  os: string;
  date: string;
  gitCommit: string | null;
  /** 1/5/15-minute load averages when the run started: other work on the box skews the figures. */
  loadAverage: number[];
}

export function gitCommit(repoRoot: string): string | null {
  try {
    const head = readFileSync(join(repoRoot, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    const loose = join(repoRoot, '.git', ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
    const packed = readFileSync(join(repoRoot, '.git', 'packed-refs'), 'utf8');
    return (
      packed
        .split('\n')
        .find((l) => l.endsWith(` ${ref}`))
        ?.split(' ')[0] ?? null
    );
  } catch {
    return null;
  }
}

export function machineInfo(repoRoot: string): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    totalMemGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    date: new Date().toISOString(),
    gitCommit: gitCommit(repoRoot),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
