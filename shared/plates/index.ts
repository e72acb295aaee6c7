// Chinese plates: one canonical spelling and the GA 36 type.
export { canonicalPlate, isNoPlate, NO_PLATE } from './canonical-plate';
export { classifyPlate, type PlateType, plateTypeSchema, plateTypes } from './plate-type';
export {
  type PlateColor,
  plateColorSchema,
  plateColors,
  type VehicleType,
  vehicleInfo,
  vehicleTypeSchema,
  vehicleTypes,
} from './vehicle-info';
