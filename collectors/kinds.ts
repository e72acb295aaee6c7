// Every collector the runner (cli.ts) can start, in the order its help text lists them.
import type { CollectorKind } from './common/runner/collector-kind';
import { flightDepartureKind } from './flight-departure/kind';
import { gateScanKind } from './gate-scan/kind';
import { replayKind } from './replay/kind';
import { simulateKind } from './simulate/simulate-kind';
import { weighbridgeKind } from './weighbridge/kind';

export const collectorKinds: CollectorKind[] = [
  weighbridgeKind,
  gateScanKind,
  flightDepartureKind,
  replayKind,
  simulateKind,
];
