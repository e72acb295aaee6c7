// Runs `npm start`'s entry (server/demo.ts) as a child process, exactly as a user would (node + tsx), on a given
// data dir; resolves with the URL it prints. For tests of the first start and of a second start.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface DemoProcess {
  url: string;
  proc: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once the output matches (the demo prints its progress in plain words). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<number | null>;
}

export async function spawnDemo(env: Record<string, string>, timeoutMs = 60_000): Promise<DemoProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/demo.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORTPULSE_PORT: '0', PORTPULSE_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => {
    out = (out + String(d)).slice(-200_000);
    for (const w of waiters) w();
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const waitFor = (pattern: RegExp, ms = timeoutMs) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(out)) return;
        cleanup();
        resolve();
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`demo exited with ${code} before printing ${pattern}:\n${out}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`demo did not print ${pattern} within ${ms} ms:\n${out}`));
      }, ms);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
        proc.off('exit', onExit);
      };
      waiters.add(check);
      proc.once('exit', onExit);
      check();
    });
  await waitFor(/open http:\/\/\S+\//);
  const url = /open (http:\/\/\S+?)\/?\s/.exec(out)![1]!;
  return {
    url,
    proc,
    output: () => out,
    waitFor,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve(proc.exitCode);
        proc.once('exit', (code) => resolve(code));
        proc.kill('SIGINT');
      }),
  };
}
