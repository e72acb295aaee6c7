// Conformance harness: the flight-departure collector tailing a CSV file; each phase appends two departures.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../../common/testing/recording-server';
import { flightDepartureKind } from '../../flight-departure/kind';
import type { ConformanceHarness } from '../harness';

export const flightDepartureHarness: ConformanceHarness = {
  kind: flightDepartureKind,
  async source({ dir }) {
    writeFileSync(
      join(dir, 'departures.csv'),
      'flight_no,destination,sobt,aobt,cargo_kg,capacity_kg,parcels\n',
    );
    return {
      config: {
        site: 'can-baiyun',
        airport: 'CAN',
        source: { file: 'departures.csv', tail: true },
        format: 'csv',
        pollSeconds: 0.05,
      },
      async produce(phase, { tapped }) {
        const before = tapped();
        const now = Date.now();
        const rows = [0, 1].map((i) => {
          const sobt = new Date(now - 3_600_000 + phase * 60_000 + i * 1000);
          const aobt = new Date(sobt.getTime() + 7 * 60_000);
          return `CK${phase}2${i},FRA,${sobt.toISOString()},${aobt.toISOString()},${50_000 + i},112000,${3000 + i}\n`;
        });
        appendFileSync(join(dir, 'departures.csv'), rows.join(''));
        await waitFor(() => tapped() >= before + 2, `phase ${phase} departures`);
      },
      close: async () => {},
    };
  },
  badConfigs: [
    {
      name: 'both a URL and a file',
      change: (c) => ({ ...c, source: { url: 'http://feed.example/departures', file: 'x.csv' } }),
      path: 'source',
      reason: /give one of url, file or listen/,
    },
    {
      name: 'a bad airport code',
      change: (c) => ({ ...c, airport: 'Baiyun' }),
      path: 'airport',
      reason: /3-letter IATA/,
    },
    {
      name: 'tailing a JSON array',
      change: (c) => ({ ...c, format: 'json' }),
      path: 'source.tail',
      reason: /tail needs format jsonl or csv/,
    },
  ],
};
