// Test helper: runs `portpulse-collect` (collectors/cli.ts) as a real child process, as `npm run collect` does.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface CliProcess {
  proc: ChildProcess;
  stderr(): string;
  stdout(): string;
  /** Exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

export function runCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'collectors/cli.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => {
    out += String(d);
  });
  proc.stderr!.on('data', (d) => {
    err += String(d);
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, stderr: () => err, stdout: () => out, exited };
}
