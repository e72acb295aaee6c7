// The vendor presets a gate-scan endpoint can name (`"vendor": "<preset>"`), each a module in this folder,
// and the path each takes unless the config gives one.
export const vendorNames = ['hikvision-isapi', 'alarm-info-plate', 'dahua-itc', 'zkteco-adms'] as const;
export type VendorName = (typeof vendorNames)[number];

export const vendorDefaultPaths: Record<VendorName, string> = {
  'hikvision-isapi': '/hikvision/anpr',
  'alarm-info-plate': '/alarm-info-plate',
  'dahua-itc': '/dahua/traffic',
  // ZKTeco devices always push to /iclock/cdata, /iclock/getrequest and /iclock/devicecmd.
  'zkteco-adms': '/iclock',
};
