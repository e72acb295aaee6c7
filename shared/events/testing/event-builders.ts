// A released vehicle gate scan with every field filled, for tests that change only what they are about.
import type { GateScan } from '../gate-scan';

export function gateScan(over: Partial<GateScan> & Pick<GateScan, 'time' | 'site'>): GateScan {
  return {
    measurement: 'gate_scan',
    gate: 'g1',
    lane: 'l1',
    direction: 'in',
    subject: 'vehicle',
    result: 'released',
    rural: false,
    plate: '浙A12345',
    badge: '',
    processing_ms: 4000,
    parcels: 100,
    ...over,
  };
}
