// JSON Pointer resolution (RFC 6901 escapes, arrays) and mapping vendor payloads onto our fields.
import { describe, expect, it } from 'vitest';
import { fieldMappingSchema, jsonPointerSchema, mapJson, resolvePointer } from './field-mapping';

const doc = { ANPR: { licensePlate: '浙A·12345', 'a/b': 1, 'm~n': 2 }, list: [{ x: 'first' }] };

describe('field mapping', () => {
  it('resolves JSON Pointers with escapes and array indexes', () => {
    expect(resolvePointer(doc, '/ANPR/licensePlate')).toBe('浙A·12345');
    expect(resolvePointer(doc, '/ANPR/a~1b')).toBe(1);
    expect(resolvePointer(doc, '/ANPR/m~0n')).toBe(2);
    expect(resolvePointer(doc, '/list/0/x')).toBe('first');
    expect(resolvePointer(doc, '/list/01/x')).toBeUndefined();
    expect(resolvePointer(doc, '/missing/deeper')).toBeUndefined();
    expect(resolvePointer(doc, '')).toBe(doc);
    expect(jsonPointerSchema.safeParse('ANPR/plate').success).toBe(false);
  });

  it('maps pointers, fills constants and translates vendor codes', () => {
    const mapping = fieldMappingSchema.parse({
      map: { plate: '/ANPR/licensePlate', direction: '/dir', parcels: '/nothing' },
      set: { subject: 'vehicle', parcels: 0 },
      values: { direction: { '0': 'in', '1': 'out' } },
    });
    expect(mapJson(mapping, { ...doc, dir: 1 })).toEqual({
      subject: 'vehicle',
      parcels: 0,
      plate: '浙A·12345',
      direction: 'out',
    });
  });
});
