// CSV: quotes, escaped quotes, separators and line breaks inside quotes, CRLF, a BOM, blank lines.
import { describe, expect, it } from 'vitest';
import { parseCsvRecords, parseCsvRows } from './csv';

describe('csv', () => {
  it('reads quoted fields, escaped quotes and line breaks inside quotes', () => {
    expect(parseCsvRows('a,"b,c","say ""hi""","x\ny"\r\n1,,3,4\n')).toEqual([
      ['a', 'b,c', 'say "hi"', 'x\ny'],
      ['1', '', '3', '4'],
    ]);
  });

  it('keys records by header, skipping blank lines and a BOM', () => {
    const { header, records } = parseCsvRecords(
      '\uFEFFflight_no, SOBT\nCK221,2025-07-15T13:05:00Z\n\nCZ9599\n',
    );
    expect(header).toEqual(['flight_no', 'SOBT']);
    expect(records).toEqual([
      { row: 1, values: { flight_no: 'CK221', SOBT: '2025-07-15T13:05:00Z' } },
      { row: 2, values: { flight_no: 'CZ9599', SOBT: '' } },
    ]);
  });
});
