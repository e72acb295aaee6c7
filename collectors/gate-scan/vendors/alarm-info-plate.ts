// alarm-info-plate: the HTTP push of the parking / logistics ANPR cameras that speak the "AlarmInfoPlate"
// protocol (Vzenith/臻识 and compatible units): a JSON body AlarmInfoPlate { serialno, ipaddr, deviceName,
// result.PlateResult { license, plateid, colorType, isoffline, timeStamp.Timeval { sec, usec } } }. The camera
// waits for a Response_AlarmInfoPlate: without one it retries and then marks the server offline. We answer
// info "no" (never "ok", which would open the barrier: the release system decides), echo plateid as the
// protocol asks, and for records replayed from the camera's offline store ask for the next one
// (ContinuePushOffline). A malformed push is acknowledged the same way (re-sending it cannot fix it), logged
// and counted. PlateResult.colorType (0 unknown, 1 blue, 2 yellow, 3 white, 4 black, 5 green) becomes plate_color.
// Other pushes on the same URL (AlarmGioIn, SerialData, heartbeats) are acknowledged and counted.
import { vehicleInfo } from '../../../shared/plates';
import type { JsonReply } from '../../common/runner/json-http-server';
import { type Decoded, deviceFields, findDevice, isObject, text, type VendorPreset } from './vendor-preset';

const response = (extra: Record<string, unknown> = {}): JsonReply => ({
  status: 200,
  body: { Response_AlarmInfoPlate: { info: 'no', ...extra } },
});

export const alarmInfoPlate: VendorPreset = {
  name: 'alarm-info-plate',
  defaultPath: '/alarm-info-plate',
  releasedOnRead: false,
  exactPath: true,
  methods: ['POST'],

  decode(req, ctx): Decoded {
    const body = req.raw.toString('utf8').trim();
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch {
      // The camera's heartbeat is multipart text (device_name, ipaddr, serialno …), not JSON.
      if (/form-data/i.test(body) || /^multipart\//i.test(String(req.headers['content-type'] ?? '')))
        return { kind: 'other', device: req.remoteAddress, what: 'heartbeat', reply: response() };
      return { kind: 'error', device: req.remoteAddress, reason: 'body is not JSON' };
    }
    if (!isObject(doc))
      return { kind: 'error', device: req.remoteAddress, reason: 'body is not a JSON object' };
    const alarm = doc.AlarmInfoPlate;
    if (!isObject(alarm)) {
      const what = Object.keys(doc)[0] ?? 'empty object';
      return { kind: 'other', device: req.remoteAddress, what, reply: response() };
    }
    const serial = text(alarm.serialno);
    const ip = text(alarm.ipaddr) || req.remoteAddress;
    const result =
      isObject(alarm.result) && isObject(alarm.result.PlateResult) ? alarm.result.PlateResult : undefined;
    if (!result)
      return { kind: 'error', device: serial || ip, reason: 'AlarmInfoPlate.result.PlateResult missing' };
    const device = findDevice(ctx.config, [serial, ip]);
    if (!device)
      return {
        kind: 'error',
        device: serial || ip,
        reason: `unknown device: add "${serial || ip}" to devices`,
      };
    if (!('license' in result))
      return { kind: 'error', device: device.key, reason: 'PlateResult.license missing' };
    const timeval =
      isObject(result.timeStamp) && isObject(result.timeStamp.Timeval) ? result.timeStamp.Timeval : {};
    const sec = Number(timeval.sec);
    const usec = Number(timeval.usec ?? 0);
    if (timeval.sec !== undefined && !Number.isFinite(sec))
      return {
        kind: 'error',
        device: device.key,
        reason: `timeStamp.Timeval.sec is not a number (${text(timeval.sec)})`,
      };
    const plateId = result.plateid;
    const vehicle = vehicleInfo({ plateColor: { table: 'alarmInfoPlateColor', code: result.colorType } });
    return {
      kind: 'reads',
      device: device.key,
      unknownCodes: vehicle.unknown,
      reads: [
        {
          // plateid identifies the record across the camera's retries and its offline replay.
          id: plateId === undefined ? undefined : `${serial || ip}/${text(plateId)}`,
          subject: 'vehicle',
          plate: text(result.license),
          ...vehicle.fields,
          // sec is epoch seconds (UTC); usec the microseconds within it.
          ...(timeval.sec !== undefined
            ? { time: sec * 1000 + Math.floor((Number.isFinite(usec) ? usec : 0) / 1000) }
            : {}),
          ...deviceFields(device, ctx.endpoint, text(result.direction) || undefined),
        },
      ],
      echo: { plateid: plateId, offline: Number(result.isoffline) === 1 },
    };
  },

  accepted(decoded): JsonReply {
    const { plateid, offline } = decoded.echo ?? {};
    if (plateid === undefined) return response();
    return offline ? response({ ContinuePushOffline: { plateid, continue: 1 } }) : response({ plateid });
  },

  refused: (_reason, decoded) => (decoded?.kind === 'reads' ? alarmInfoPlate.accepted(decoded) : response()),
};
