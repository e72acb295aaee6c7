// Entry point of `npm run server`: parse config, start, stop cleanly on SIGINT/SIGTERM.
import { ConfigError, loadConfig } from './config';
import { jsonLogger } from './logger';
import { startServer } from './start-server';

const logger = jsonLogger();
try {
  const server = await startServer(loadConfig());
  const stop = (signal: string) => {
    logger('info', `received ${signal}, shutting down`);
    server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`portpulse: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
