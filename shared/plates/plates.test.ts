import { describe, expect, it } from 'vitest';
import { canonicalPlate, classifyPlate, isNoPlate, NO_PLATE, vehicleInfo } from './index';

describe('canonicalPlate', () => {
  it('spells one plate one way whatever the camera wrote', () => {
    for (const raw of [
      '浙A·12345',
      '浙A12345',
      ' 浙A 12345 ',
      '浙Ａ１２３４５',
      '浙a-12345',
      '浙A・12345',
      '浙A•12345',
    ])
      expect(canonicalPlate(raw), raw).toBe('浙A12345');
  });

  it('keeps the Chinese suffixes and the 8-character new-energy plates whole', () => {
    expect(canonicalPlate('粤B·D12345')).toBe('粤BD12345');
    expect(canonicalPlate('浙G·1234挂')).toBe('浙G1234挂');
    expect(canonicalPlate('粤Z·9065澳')).toBe('粤Z9065澳');
  });

  it('turns every no-plate placeholder into one that is recognised', () => {
    for (const raw of ['', '  ', '无车牌', '车牌', '_无_', '无牌'])
      expect([canonicalPlate(raw), isNoPlate(raw)], raw).toEqual([NO_PLATE, true]);
    expect(isNoPlate('浙A12345')).toBe(false);
  });
});

describe('classifyPlate (GA 36-2018)', () => {
  const cases: [string, ReturnType<typeof classifyPlate>][] = [
    ['浙A12345', 'ordinary'],
    ['粤B3K52L', 'ordinary'],
    ['粤BD12345', 'new-energy-small'],
    ['沪AFA1234', 'new-energy-small'],
    ['浙A12345D', 'new-energy-large'],
    ['苏E67890F', 'new-energy-large'],
    ['浙G1234挂', 'trailer'],
    ['川A1234学', 'coach'],
    ['京A1234警', 'police'],
    ['粤Z1234港', 'hong-kong'],
    ['粤Z9065澳', 'macau'],
    ['使014578', 'embassy'],
    ['沪A1234领', 'consulate'],
    ['京A1234应急', 'emergency'],
    [NO_PLATE, 'none'],
    ['ABC123', 'other'],
    ['浙A1234', 'other'],
    ['浙AI2345', 'other'],
  ];
  for (const [plate, type] of cases) it(`${plate} → ${type}`, () => expect(classifyPlate(plate)).toBe(type));

  it('classifies canonical spellings of what cameras send', () => {
    expect(classifyPlate(canonicalPlate('粤B·D12345'))).toBe('new-energy-small');
    expect(classifyPlate(canonicalPlate('_无_'))).toBe('none');
  });
});

describe('vehicleInfo', () => {
  it('maps each vendor code onto the canonical plate colour and vehicle type', () => {
    expect(
      vehicleInfo({
        plateColor: { table: 'alarmInfoPlateColor', code: 2 },
        vehicleType: { table: 'hikvisionVehicleType', code: 'largeBus' },
      }),
    ).toEqual({ fields: { plate_color: 'yellow', vehicle_type: 'bus' }, unknown: [] });
    expect(vehicleInfo({ plateColor: { table: 'plateColorName', code: 'Green' } }).fields).toEqual({
      plate_color: 'green',
    });
    expect(vehicleInfo({ vehicleType: { table: 'dahuaVehicleType', code: 'Truck' } }).fields).toEqual({
      vehicle_type: 'truck',
    });
  });

  it('leaves "unknown" codes out silently and unlisted codes out with a note, never throwing', () => {
    expect(vehicleInfo({ plateColor: { table: 'alarmInfoPlateColor', code: 0 } })).toEqual({
      fields: {},
      unknown: [],
    });
    expect(
      vehicleInfo({
        plateColor: { table: 'alarmInfoPlateColor', code: 9 },
        vehicleType: { table: 'hikvisionVehicleType', code: { nested: true } },
      }),
    ).toEqual({ fields: {}, unknown: ['alarmInfoPlateColor 9'] });
    expect(
      vehicleInfo({ vehicleType: { table: 'hikvisionVehicleType', code: 'hovercraft' } }).unknown,
    ).toEqual(['hikvisionVehicleType "hovercraft"']);
  });
});
