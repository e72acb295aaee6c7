// The reason a line's field is refused reads as English whatever the kind it was sent as.
import { describe, expect, it } from 'vitest';
import { parseLineProtocol } from '../line-protocol/parse';
import { eventFromPoint } from './point-conversion';

const at = Date.UTC(2025, 6, 1);
const line = (parcels: string) =>
  `gate_scan,site=hgh-xiasha,gate=g1,lane=l1,direction=in,subject=vehicle,result=released,rural=false plate="浙A1",badge="",processing_ms=4200i,parcels=${parcels} ${at}`;

function reason(parcels: string): string | undefined {
  const { lines } = parseLineProtocol(line(parcels), { precision: 'ms' });
  const r = eventFromPoint(lines[0]!.point, at);
  return r.ok ? undefined : r.issue.reason;
}

describe('field kind mismatch', () => {
  it('names the kind received with the right article', () => {
    expect(reason('5u')).toBe(
      'field parcels must be an integer with the i suffix (e.g. 42i), got an unsigned integer',
    );
    expect(reason('5')).toMatch(/, got a float$/);
    expect(reason('"5"')).toMatch(/, got a string$/);
    expect(reason('true')).toMatch(/, got a boolean$/);
    expect(reason('5i')).toBeUndefined();
  });
});
