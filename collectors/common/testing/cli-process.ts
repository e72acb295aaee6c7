// Test helper: runs `portpulse-collect` as a real child process — collectors/cli.ts as `npm run collect` does
// (runCli), or through the package's bin launcher from any directory (runBin).
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const binLauncher = fileURLToPath(new URL('../../bin/portpulse-collect.mjs', import.meta.url));

export interface CliProcess {
  proc: ChildProcess;
  stderr(): string;
  stdout(): string;
  /** Exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

export function runCli(args: string[], env: Record<string, string> = {}): CliProcess {
  return spawnCaptured(['--import', 'tsx', 'collectors/cli.ts', ...args], repoRoot, env);
}

/** The bin launcher, started in `cwd` (as `npx portpulse-collect` would). */
export function runBin(args: string[], cwd: string): CliProcess {
  return spawnCaptured([binLauncher, ...args], cwd, {});
}

function spawnCaptured(argv: string[], cwd: string, env: Record<string, string>): CliProcess {
  const proc = spawn(process.execPath, argv, {
    cwd,
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
