// The one logger type of portpulse, passed to every part that reports something: the server (pino behind it,
// server/logger.ts), the collectors and the browser client. A level, a message, and structured details.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, msg: string, extra?: Record<string, unknown>) => void;

export const logLevels = ['debug', 'info', 'warn', 'error'] as const satisfies LogLevel[];

export const silentLogger: Logger = () => {};

/** Lines on the console (stderr under Node), `[<name>] <level>: <message>` then the details, if any. */
export function consoleLogger(name: string): Logger {
  return (level, msg, extra) => {
    const line = `[${name}] ${level}: ${msg}`;
    // stderr for every level under Node: a collector's stdout carries its JSON stats lines.
    const write = level === 'error' ? console.error : console.warn;
    if (extra) write(line, extra);
    else write(line);
  };
}
