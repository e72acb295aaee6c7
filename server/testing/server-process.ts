// Runs the real server as a child process (node + tsx, exactly like `npm run server`), for tests that must
// crash it with SIGKILL or restart it. Resolves once it logs that it is listening.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The URL of the "portpulse listening" JSON log line, wherever pino puts its keys. */
function listeningUrl(out: string): string | undefined {
  for (const line of out.split('\n')) {
    if (!line.includes('portpulse listening')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'portpulse listening' && entry.url) return entry.url;
    } catch {}
  }
  return undefined;
}

export async function spawnServer(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/serve.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORTPULSE_PORT: '0', PORTPULSE_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const onData = (d: Buffer) => {
    out = (out + String(d)).slice(-200_000);
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    const check = () => {
      const url = listeningUrl(out);
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
  return {
    url,
    proc,
    output: () => out,
    kill: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve(proc.exitCode);
        proc.once('exit', (code) => resolve(code));
        proc.kill(signal);
      }),
  };
}
