// Structured JSON logs on stdout through pino (one object per line, level as a word, ISO time), behind the
// small `Logger` function type the rest of the server calls. Secrets are redacted should one reach a log call.
import { type DestinationStream, pino } from 'pino';
import type { Logger, LogLevel } from '../shared/logger';

export { type Logger, type LogLevel, logLevels, silentLogger } from '../shared/logger';

/** Keys whose values never reach the log, at the top level or one object down. */
const secretKeys = ['token', 'tokens', 'password', 'authorization', 'ticket', 'p', 'cookie'];
const redactPaths = [...secretKeys, ...secretKeys.map((k) => `*.${k}`)];

export interface JsonLoggerOptions {
  level?: LogLevel;
  /** Where lines go (default stdout, written synchronously so nothing is lost on exit). */
  stream?: DestinationStream;
}

export function jsonLogger(options: JsonLoggerOptions = {}): Logger {
  const log = pino(
    {
      level: options.level ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths, censor: '[redacted]' },
    },
    options.stream ?? pino.destination({ dest: 1, sync: true }),
  );
  return (level, msg, extra) => {
    if (extra) log[level](extra, msg);
    else log[level](msg);
  };
}
