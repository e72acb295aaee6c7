// The vendor presets by name (see vendor-names.ts for the list the config accepts).
import { alarmInfoPlate } from './alarm-info-plate';
import { dahuaItc } from './dahua-itc';
import { hikvisionIsapi } from './hikvision-isapi';
import type { VendorName } from './vendor-names';
import type { VendorPreset } from './vendor-preset';
import { zktecoAdms } from './zkteco-adms';

export const presets: Record<VendorName, VendorPreset> = {
  'hikvision-isapi': hikvisionIsapi,
  'alarm-info-plate': alarmInfoPlate,
  'dahua-itc': dahuaItc,
  'zkteco-adms': zktecoAdms,
};
