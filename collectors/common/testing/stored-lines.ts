// Test helper: every point a real portpulse server has stored, as ms-precision line protocol (shared codec),
// in log order.

import type { RunningServer } from '../../../server/start-server';
import { formatPoint } from '../../../shared/line-protocol/index';

export async function storedLines(server: RunningServer): Promise<string[]> {
  const lines: string[] = [];
  for await (const { point } of server.log.readFrom(1)) lines.push(formatPoint(point, 'ms'));
  return lines;
}
