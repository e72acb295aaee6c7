// Reads a process's memory and CPU time from /proc (Linux), so the server is measured from outside and
// needs no debug endpoint.
import { readFileSync } from 'node:fs';

/** Resident set size in bytes (VmRSS), or null when /proc is not there. */
export function rssBytes(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds used so far (from /proc/<pid>/stat, in clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Seconds the process's main thread has spent runnable but waiting for a CPU (/proc/<pid>/schedstat). */
export function runQueueSeconds(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return null;
  }
}

/** Median of a few RSS samples taken `gapMs` apart (a single sample can land mid-GC). */
export async function settledRss(pid: number, samples = 5, gapMs = 200): Promise<number | null> {
  const values: number[] = [];
  for (let i = 0; i < samples; i++) {
    const v = rssBytes(pid);
    if (v !== null) values.push(v);
    if (i < samples - 1) await new Promise((r) => setTimeout(r, gapMs));
  }
  values.sort((a, b) => a - b);
  return values.length ? values[Math.floor(values.length / 2)]! : null;
}
