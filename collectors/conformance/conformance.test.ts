// Runs the one conformance suite against every collector of the runner.
import { collectorKinds } from '../kinds';
import { flightDepartureHarness } from './harnesses/flight-departure';
import { gateScanHarness } from './harnesses/gate-scan';
import { replayHarness } from './harnesses/replay';
import { simulateHarness } from './harnesses/simulate';
import { weighbridgeHarness } from './harnesses/weighbridge';
import { describeConformance } from './suite';

const harnesses = [
  weighbridgeHarness,
  gateScanHarness,
  flightDepartureHarness,
  replayHarness,
  simulateHarness,
];
if (harnesses.length !== collectorKinds.length)
  throw new Error('every collector needs a conformance harness');
for (const h of harnesses) describeConformance(h);
