// Logging of `npm start`: every server log line goes as JSON to `<data dir>/logs/portpulse.log` (the record,
// for `jq` or a bug report); warnings and errors are also shown in the terminal, pretty-printed by pino-pretty
// (in colour when stdout is a terminal), so a person sees what needs attention among the progress and status
// lines. `npm run server` keeps plain JSON lines on stdout (serve.ts).
import { join } from 'node:path';
import { pino } from 'pino';
import pinoPretty from 'pino-pretty';
import { jsonLogger, type Logger, type LogLevel } from '../logger';

export interface DemoLogger {
  logger: Logger;
  /** The JSON log file. */
  file: string;
}

export function demoLogger(
  dataDir: string,
  level: LogLevel,
  stdout: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): DemoLogger {
  const file = join(dataDir, 'logs', 'portpulse.log');
  const terminal = pinoPretty({
    colorize: Boolean(stdout.isTTY),
    destination: stdout === process.stdout ? 1 : stdout,
    sync: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
  });
  const stream = pino.multistream([
    { level, stream: pino.destination({ dest: file, mkdir: true, sync: true }) },
    { level: 'warn', stream: terminal },
  ]);
  return { logger: jsonLogger({ level, stream }), file };
}
