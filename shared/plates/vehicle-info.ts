// What ANPR cameras report about the vehicle besides its plate: the plate colour (the GA 36 colours) and the
// vehicle type, in canonical values, and each vendor's codes for them. Sources: Vzenith/臻识 AlarmInfoPlate
// `colorType` (HTTP push protocol 2.1.1, and LC_* in VzClientSDK_LPDefine.h: 0 unknown, 1 blue, 2 yellow,
// 3 white, 4 black, 5 green); Hikvision ISAPI XML_EventNotificationAlert_ANPR / ANPR metadata `plateColor`
// (white, yellow, blue, black, green …) and `vehicleType` (largeBus, truck, vehicle …); Dahua ITC
// TrafficCar.PlateColor (Yellow, Blue …) and the vehicle category (Truck …). A code not listed here is
// "unknown": the field stays absent and the collector counts it; it never fails the read.
import { z } from 'zod';

export const plateColors = ['blue', 'yellow', 'green', 'white', 'black'] as const;
export const plateColorSchema = z.enum(plateColors);
export type PlateColor = z.output<typeof plateColorSchema>;

/** `vehicle`: a motor vehicle the camera did not class further (Hikvision's own "vehicle"/"motorVehicle"). */
export const vehicleTypes = [
  'car',
  'van',
  'pickup',
  'bus',
  'truck',
  'motorcycle',
  'tricycle',
  'vehicle',
] as const;
export const vehicleTypeSchema = z.enum(vehicleTypes);
export type VehicleType = z.output<typeof vehicleTypeSchema>;

/** Codes a camera sends for "don't know": absent, and not counted as unknown codes. */
const NOT_RECOGNISED = new Set(['', 'unknown', 'other', '0', '255', 'null']);

const colourNames: Record<string, PlateColor> = {
  blue: 'blue',
  yellow: 'yellow',
  green: 'green',
  white: 'white',
  black: 'black',
};

export const vendorCodes = {
  /** AlarmInfoPlate PlateResult.colorType (0 = unknown). */
  alarmInfoPlateColor: { '1': 'blue', '2': 'yellow', '3': 'white', '4': 'black', '5': 'green' },
  /** Hikvision ANPR plateColor and Dahua TrafficCar.PlateColor: colour names (case-insensitive). */
  plateColorName: colourNames,
  /** Hikvision ANPR vehicleType: only the values seen in Hikvision's documents and captures (largeBus in the
   * ANPR metadata document, truck in the capture of testcases/hikvision-isapi-json and -multipart); other values are counted as
   * unknown codes until confirmed from the vendor's list, not guessed. */
  hikvisionVehicleType: {
    largebus: 'bus',
    truck: 'truck',
  },
  /** Dahua TrafficCar.VehicleType / Vehicle.Category: Truck, as in the capture of testcases/dahua-itc. */
  dahuaVehicleType: {
    truck: 'truck',
  },
} satisfies Record<string, Record<string, PlateColor | VehicleType>>;

/** The vehicle fields of a read from the vendor's values, and the codes that mapped to nothing. */
export function vehicleInfo(input: {
  plateColor?: { table: keyof typeof vendorCodes; code: unknown };
  vehicleType?: { table: keyof typeof vendorCodes; code: unknown };
}): { fields: { plate_color?: PlateColor; vehicle_type?: VehicleType }; unknown: string[] } {
  const fields: { plate_color?: PlateColor; vehicle_type?: VehicleType } = {};
  const unknown: string[] = [];
  const look = (
    field: 'plate_color' | 'vehicle_type',
    v: { table: keyof typeof vendorCodes; code: unknown },
  ) => {
    const code =
      typeof v.code === 'string' || typeof v.code === 'number' ? String(v.code).trim().toLowerCase() : '';
    if (NOT_RECOGNISED.has(code)) return;
    const mapped = (vendorCodes[v.table] as Record<string, string>)[code];
    const parsed = (field === 'plate_color' ? plateColorSchema : vehicleTypeSchema).safeParse(mapped);
    if (parsed.success) (fields as Record<string, string>)[field] = parsed.data;
    else unknown.push(`${v.table} ${JSON.stringify(v.code)}`);
  };
  if (input.plateColor) look('plate_color', input.plateColor);
  if (input.vehicleType) look('vehicle_type', input.vehicleType);
  return { fields, unknown };
}
