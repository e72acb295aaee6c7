// Entry point of `npm run server`: parse config, start, stop gracefully on SIGINT/SIGTERM (a second signal,
// or a shutdown that overruns the grace period by far, exits at once).
import { ConfigError, loadConfig } from './config';
import { jsonLogger } from './logger';
import { startServer } from './start-server';

try {
  const config = loadConfig();
  const logger = jsonLogger({ level: config.logLevel });
  const server = await startServer(config, logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger('warn', `received ${signal} again, exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    logger('info', `received ${signal}, shutting down`);
    setTimeout(() => {
      logger('error', 'shutdown did not finish in time, exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 15_000).unref();
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        logger('error', 'shutdown failed', { error: String(e) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`portpulse: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
