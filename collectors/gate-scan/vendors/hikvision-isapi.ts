// hikvision-isapi: a Hikvision ANPR camera's HTTP push in listening mode ("HTTP listening" / alarm host):
// multipart/form-data with an EventNotificationAlert part (XML, or JSON on newer firmware) and JPEG parts
// (licensePlatePicture.jpg, detectionPicture.jpg), or the alert alone as application/xml or JSON. Fields, as in
// Hikvision's XML_EventNotificationAlert_ANPR message: ipAddress, channelID, dateTime (ISO 8601 with its
// offset), eventType (ANPR; heartbeats and other events are acknowledged and counted), ANPR/licensePlate,
// ANPR/direction (forward/reverse), vehicle info (ANPR/plateColor and ANPR/vehicleType, mapped onto plate_color and
// vehicle_type by shared/plates/vehicle-info.ts). The camera gets 200 with an ISAPI ResponseStatus so it does
// not re-send; a malformed alert gets 400 with ResponseStatus "Invalid XML Content".
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { vehicleInfo } from '../../../shared/plates';
import type { JsonReply } from '../../common/runner/json-http-server';
import { multipartParts } from './multipart-parts';
import {
  type Decoded,
  deviceFields,
  findDevice,
  inDeviceOffset,
  isObject,
  text,
  type VendorPreset,
} from './vendor-preset';

const xmlParser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Plates such as 12345 and channel ids stay text; times are parsed by us.
  parseTagValue: false,
  trimValues: true,
});

const responseStatus = (code: number, status: string, sub: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<ResponseStatus version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">\n<requestURL></requestURL>\n<statusCode>${code}</statusCode>\n<statusString>${status}</statusString>\n<subStatusCode>${sub}</subStatusCode>\n</ResponseStatus>\n`;

const xmlReply = (status: number, body: string): JsonReply => ({
  status,
  text: body,
  contentType: 'application/xml; charset=utf-8',
});

/** The alert document of a push: from its XML or JSON part, or the whole body. */
async function alertOf(
  raw: Buffer,
  contentType: string,
  savePicture: ((name: string, data: Buffer) => void) | undefined,
): Promise<{ alert: unknown } | { error: string }> {
  let doc: { text: string; json: boolean } | undefined;
  if (/^multipart\//i.test(contentType)) {
    let parts: Awaited<ReturnType<typeof multipartParts>>;
    try {
      parts = await multipartParts(raw, contentType);
    } catch (e) {
      return { error: `unreadable multipart body: ${(e as Error).message}` };
    }
    for (const part of parts) {
      const body = part.data.toString('utf8').trim();
      if (/xml/i.test(part.contentType) || /\.xml$/i.test(part.filename ?? part.name) || body.startsWith('<'))
        doc ??= { text: body, json: false };
      else if (/json/i.test(part.contentType) || body.startsWith('{')) doc ??= { text: body, json: true };
      else savePicture?.(part.filename ?? part.name, part.data);
    }
    if (!doc) return { error: 'no EventNotificationAlert part (XML or JSON) in the multipart body' };
  } else {
    const body = raw.toString('utf8').trim();
    doc = { text: body, json: /json/i.test(contentType) || body.startsWith('{') };
  }
  if (doc.json) {
    try {
      return { alert: JSON.parse(doc.text) };
    } catch (e) {
      return { error: `alert is not valid JSON: ${(e as Error).message}` };
    }
  }
  const valid = XMLValidator.validate(doc.text);
  if (valid !== true)
    return {
      error: `alert is not valid XML: line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`,
    };
  return { alert: xmlParser.parse(doc.text) };
}

export const hikvisionIsapi: VendorPreset = {
  name: 'hikvision-isapi',
  defaultPath: '/hikvision/anpr',
  releasedOnRead: false,
  exactPath: true,
  methods: ['POST'],

  async decode(req, ctx): Promise<Decoded> {
    const pictures: { name: string; data: Buffer }[] = [];
    const found = await alertOf(req.raw, String(req.headers['content-type'] ?? ''), (name, data) =>
      pictures.push({ name, data }),
    );
    if ('error' in found) {
      // A broken alert still names its camera, usually: say which one.
      const named = /<ipAddress>\s*([^<\s]+)\s*<\/ipAddress>/.exec(req.raw.toString('utf8'))?.[1];
      return { kind: 'error', device: named ?? req.remoteAddress, reason: found.error };
    }
    const root =
      isObject(found.alert) && isObject(found.alert.EventNotificationAlert)
        ? found.alert.EventNotificationAlert
        : found.alert;
    if (!isObject(root))
      return { kind: 'error', device: req.remoteAddress, reason: 'no EventNotificationAlert' };
    const ip = text(root.ipAddress) || req.remoteAddress;
    const channel = text(root.channelID) || text(root.dynChannelID);
    const eventType = text(root.eventType);
    if (eventType.toUpperCase() !== 'ANPR')
      return {
        kind: 'other',
        device: ip,
        what: `${eventType || 'untyped'} event (${text(root.eventState) || 'no state'})`,
        reply: xmlReply(200, responseStatus(1, 'OK', 'ok')),
      };
    const anpr = isObject(root.ANPR) ? root.ANPR : {};
    const device = findDevice(ctx.config, [
      `${ip}/${channel}`,
      ip,
      text(root.macAddress),
      text(root.deviceID),
    ]);
    if (!device)
      return {
        kind: 'error',
        device: ip,
        reason: `unknown device: add "${ip}" (or "${ip}/${channel}" for channel ${channel}) to devices`,
      };
    if (!('licensePlate' in anpr))
      return { kind: 'error', device: device.key, reason: 'ANPR/licensePlate missing' };
    const plate = text(anpr.licensePlate);
    const dateTime = text(root.dateTime);
    for (const p of pictures) ctx.savePicture?.(device.key, p.name, p.data);
    const vehicle = vehicleInfo({
      plateColor: { table: 'plateColorName', code: anpr.plateColor },
      vehicleType: { table: 'hikvisionVehicleType', code: anpr.vehicleType },
    });
    return {
      kind: 'reads',
      device: device.key,
      unknownCodes: vehicle.unknown,
      reads: [
        {
          // activePostCount counts re-uploads of the same alarm: the same time and plate on the same channel.
          id: text(root.UUID) || `${ip}/${channel}/${dateTime}/${plate}`,
          subject: 'vehicle',
          plate,
          ...(dateTime ? { time: inDeviceOffset(dateTime, device.entry) } : {}),
          ...vehicle.fields,
          ...deviceFields(device, ctx.endpoint, text(anpr.direction) || undefined),
        },
      ],
    };
  },

  accepted: () => xmlReply(200, responseStatus(1, 'OK', 'ok')),
  refused: () => xmlReply(400, responseStatus(6, 'Invalid XML Content', 'badXmlContent')),
};
