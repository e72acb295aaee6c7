// Entry point of `npm start`: the server on the embedded store plus simulated collectors for every site,
// so a fresh machine shows live charts without InfluxDB or devices.
import { startSimulation } from '../collectors/simulate/run-simulation';
import { ConfigError, loadConfig } from './config';
import { jsonLogger } from './logger';
import { startServer } from './start-server';

const logger = jsonLogger();
try {
  const config = loadConfig();
  const server = await startServer(config);
  const backfillHours = Number(process.env.PORTPULSE_DEMO_BACKFILL_HOURS ?? 13);
  const open = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${server.port}/`;
  console.log(
    `\n  portpulse demo running — open ${open}\n  (server + simulated collectors for ${config.sites.length} sites; writing ${backfillHours} h of simulated history first; Ctrl-C to stop)\n`,
  );
  const sim = await startSimulation({
    url: server.url,
    sites: config.sites,
    speed: Number(process.env.PORTPULSE_DEMO_SPEED ?? 2),
    seed: Date.now() % 100_000,
    backfillHours,
  });
  const stop = async (signal: string) => {
    logger('info', `received ${signal}, stopping demo`);
    await sim.stop();
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`portpulse: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
