// The flight-departure collector as the runner knows it: `portpulse-collect flight-departure --config file.json`.
import { defineCollector } from '../common/runner/collector-kind';
import { flightDepartureConfigSchema } from './config';
import { FlightDepartureCollector } from './flight-departure';

export const flightDepartureKind = defineCollector({
  name: 'flight-departure',
  summary: 'polls an A-CDM departures feed (JSON, JSON Lines, CSV over HTTP or a file); each departure once',
  schema: flightDepartureConfigSchema,
  create: (config, context) => new FlightDepartureCollector(config, context),
});
