// Every collector the runner (cli.ts) can start, in the order its help text lists them.
import type { CollectorKind } from './common/collector-kind';
import { weighbridgeKind } from './weighbridge/kind';

export const collectorKinds: CollectorKind[] = [weighbridgeKind];
