// Structured JSON log lines on stdout (one object per line), so operators can grep or ship them.
export type LogLevel = 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, msg: string, extra?: Record<string, unknown>) => void;

export function jsonLogger(stream: NodeJS.WritableStream = process.stdout): Logger {
  return (level, msg, extra) => {
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...extra })}\n`);
  };
}

export const silentLogger: Logger = () => {};
