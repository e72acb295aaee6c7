// dahua-itc: the traffic-snap events of Dahua ITC (and ITSAPI-compatible) ANPR cameras as JSON: the event
// stream's envelope { method: "client.notifyEventStream", params.eventList: [{ Code, Action, Data }] }, an
// { Events: [...] } batch, one { Code, Data } event, or the event Data alone. From Data: TrafficCar.PlateNumber
// (or Object.Text), TrafficCar.PlateColor → plate_color, TrafficCar.VehicleType (or Vehicle.Category) →
// vehicle_type, Lane (or TrafficCar.Lane), UTC + UTCMS, TrafficCar.MachineName (the device). Many units
// send "UTC" as their local wall clock: the device's `timeOffset` in `devices` shifts it back (e.g. "+08:00"),
// and a clock still off is warned about by the desk. A device key may carry the camera lane
// ("<MachineName>/<Lane>") so that one camera watching two lanes is two devices. Answer: 200 with a JSON count.
import { vehicleInfo } from '../../../shared/plates';
import type { JsonReply } from '../../common/runner/json-http-server';
import {
  type Decoded,
  deviceClockToUtc,
  deviceFields,
  findDevice,
  isObject,
  text,
  type VendorPreset,
} from './vendor-preset';

/** The events of a push, whatever the envelope. */
function eventsOf(doc: unknown): { code: string; data: Record<string, unknown> }[] | undefined {
  if (!isObject(doc)) return undefined;
  const list =
    isObject(doc.params) && Array.isArray(doc.params.eventList)
      ? doc.params.eventList
      : Array.isArray(doc.Events)
        ? doc.Events
        : undefined;
  if (list)
    return list
      .filter(isObject)
      .map((e) => ({ code: text(e.Code), data: isObject(e.Data) ? e.Data : isObject(e.data) ? e.data : e }));
  if (isObject(doc.Data)) return [{ code: text(doc.Code), data: doc.Data }];
  return [{ code: text(doc.Code), data: doc }];
}

export const dahuaItc: VendorPreset = {
  name: 'dahua-itc',
  defaultPath: '/dahua/traffic',
  releasedOnRead: false,
  exactPath: true,
  methods: ['POST'],

  decode(req, ctx): Decoded {
    let doc: unknown;
    try {
      doc = JSON.parse(req.raw.toString('utf8'));
    } catch (e) {
      return {
        kind: 'error',
        device: req.remoteAddress,
        reason: `body is not JSON: ${(e as Error).message}`,
      };
    }
    const events = eventsOf(doc);
    if (!events) return { kind: 'error', device: req.remoteAddress, reason: 'body is not a JSON object' };
    const snaps = events.filter((e) => isObject(e.data.TrafficCar) || isObject(e.data.Object));
    if (snaps.length === 0)
      return {
        kind: 'other',
        device: req.remoteAddress,
        what: `${events.map((e) => e.code || 'untyped').join(', ')} event`,
      };
    const reads: Record<string, unknown>[] = [];
    const unknownCodes: string[] = [];
    let sender = req.remoteAddress;
    for (const { data } of snaps) {
      const car = isObject(data.TrafficCar) ? data.TrafficCar : {};
      const object = isObject(data.Object) ? data.Object : {};
      const machine = text(car.MachineName) || text(data.MachineName) || req.remoteAddress;
      const lane = text(data.Lane) || text(car.Lane);
      const device = findDevice(ctx.config, [`${machine}/${lane}`, machine, req.remoteAddress]);
      sender = device?.key ?? machine;
      if (!device)
        return {
          kind: 'error',
          device: machine,
          reason: `unknown device: add "${machine}" (or "${machine}/${lane}" for lane ${lane}) to devices`,
        };
      const utc = Number(data.UTC ?? car.UTC);
      if (!Number.isFinite(utc) || utc <= 0)
        return {
          kind: 'error',
          device: device.key,
          reason: `UTC is not epoch seconds (${JSON.stringify(data.UTC ?? car.UTC)})`,
        };
      const ms = Number(data.UTCMS ?? 0);
      const wall = utc * 1000 + (Number.isFinite(ms) ? ms : 0);
      const plate = text(car.PlateNumber) || text(object.Text);
      const vehicleObject = isObject(data.Vehicle) ? data.Vehicle : {};
      const vehicle = vehicleInfo({
        plateColor: { table: 'plateColorName', code: car.PlateColor },
        vehicleType: { table: 'dahuaVehicleType', code: car.VehicleType ?? vehicleObject.Category },
      });
      unknownCodes.push(...vehicle.unknown);
      reads.push({
        // One snap group (GroupID) carries several pictures of the same pass: one read.
        id: `${machine}/${text(data.GroupID) || text(data.EventID)}/${utc}`,
        subject: 'vehicle',
        plate,
        time: deviceClockToUtc(wall, device.entry.timeOffset),
        ...vehicle.fields,
        ...deviceFields(device, ctx.endpoint, text(car.Direction) || undefined),
      });
    }
    return { kind: 'reads', device: sender, reads, unknownCodes };
  },

  accepted: (decoded): JsonReply => ({ status: 200, body: { accepted: decoded.reads.length } }),
  refused: (reason): JsonReply => ({ status: 400, body: { code: 'invalid', message: reason } }),
};
