// Fake devices for the socket tests: each speaks its vendor's push over a real HTTP connection, framed as the
// device frames it, and behaves as the device does with the answer (a camera that gets no acceptable answer
// sends again; a ZKTeco terminal keeps its records until it reads OK).
import { request } from 'node:http';

export interface DeviceAnswer {
  status: number;
  contentType: string;
  text: string;
}

/** One raw HTTP request over a fresh connection, as a device's firmware sends it. */
export function devicePost(
  url: string,
  body: Buffer | string,
  headers: Record<string, string>,
  method = 'POST',
): Promise<DeviceAnswer> {
  const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers: { ...headers, 'content-length': String(data.length), connection: 'close' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** A tiny JPEG (SOI, APP0, EOI), padded to `size` bytes. */
export const fakeJpeg = (size = 22): Buffer => {
  const head = Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length - 2)), Buffer.from('ffd9', 'hex')]);
};

/** An ANPR EventNotificationAlert as in Hikvision's XML_EventNotificationAlert_ANPR message. */
export function anprAlertXml(a: {
  ip: string;
  channel: number;
  dateTime: string;
  plate: string;
  direction: string;
}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<EventNotificationAlert version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">
<ipAddress>${a.ip}</ipAddress>
<portNo>80</portNo>
<protocol>HTTP</protocol>
<macAddress>68:6d:bc:7d:9e:27</macAddress>
<channelID>${a.channel}</channelID>
<dateTime>${a.dateTime}</dateTime>
<activePostCount>1</activePostCount>
<eventType>ANPR</eventType>
<eventState>active</eventState>
<eventDescription>ANPR alarm</eventDescription>
<ANPR>
<licensePlate>${a.plate}</licensePlate>
<line>1</line>
<direction>${a.direction}</direction>
<confidenceLevel>93</confidenceLevel>
<plateType>unknown</plateType>
<plateColor>yellow</plateColor>
<vehicleType>truck</vehicleType>
</ANPR>
</EventNotificationAlert>
`;
}

/** A Hikvision camera's HTTP push: anpr.xml and JPEG parts, each with its own Content-Length and Content-ID. */
export function hikvisionPush(
  xml: string,
  pictures: Record<string, Buffer>,
): { body: Buffer; contentType: string } {
  const boundary = 'boundary';
  const parts: Buffer[] = [];
  const xmlBytes = Buffer.from(xml, 'utf8');
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="anpr.xml"; filename="anpr.xml"\r\nContent-Type: text/xml; charset="UTF-8"\r\nContent-Length: ${xmlBytes.length}\r\n\r\n`,
    ),
    xmlBytes,
    Buffer.from('\r\n'),
  );
  for (const [name, data] of Object.entries(pictures))
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\nContent-Type: image/pjpeg\r\nContent-Length: ${data.length}\r\nContent-ID: ${name.replace(/\.jpg$/, '')}\r\n\r\n`,
      ),
      data,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * An AlarmInfoPlate camera: pushes a plate record and, as the protocol says, sends it again (up to `retries`
 * times) until the answer carries a Response_AlarmInfoPlate. Returns every answer it got.
 */
export async function alarmInfoPlateCamera(
  url: string,
  record: {
    serialno: string;
    ipaddr: string;
    license: string;
    plateid: number;
    sec: number;
    isoffline?: number;
  },
  retries = 3,
): Promise<DeviceAnswer[]> {
  const body = JSON.stringify({
    AlarmInfoPlate: {
      channel: 0,
      deviceName: 'IVS',
      ipaddr: record.ipaddr,
      result: {
        PlateResult: {
          colorType: 1,
          confidence: 96,
          direction: 0,
          isoffline: record.isoffline ?? 0,
          license: record.license,
          plateid: record.plateid,
          timeStamp: { Timeval: { sec: record.sec, usec: 250000 } },
          triggerType: 4,
          type: 1,
        },
      },
      serialno: record.serialno,
    },
  });
  const answers: DeviceAnswer[] = [];
  for (let i = 0; i <= retries; i++) {
    const answer = await devicePost(url, body, { 'content-type': 'application/json' });
    answers.push(answer);
    try {
      if ((JSON.parse(answer.text) as Record<string, unknown>).Response_AlarmInfoPlate) break;
    } catch {
      // not JSON: the camera tries again
    }
  }
  return answers;
}

/**
 * A ZKTeco terminal in ADMS mode: handshake, one ATTLOG upload (sent again, up to `retries` times, until the
 * server answers OK), then a command poll.
 */
export async function zktecoTerminal(
  baseUrl: string,
  serial: string,
  attlog: string[],
  retries = 2,
): Promise<{ handshake: DeviceAnswer; uploads: DeviceAnswer[]; poll: DeviceAnswer }> {
  const handshake = await devicePost(
    `${baseUrl}/iclock/cdata?SN=${serial}&options=all&pushver=2.4.1`,
    '',
    {},
    'GET',
  );
  const uploads: DeviceAnswer[] = [];
  for (let i = 0; i <= retries; i++) {
    const answer = await devicePost(
      `${baseUrl}/iclock/cdata?SN=${serial}&table=ATTLOG&Stamp=9999`,
      `${attlog.join('\n')}\n`,
      { 'content-type': 'text/plain' },
    );
    uploads.push(answer);
    if (answer.status === 200 && answer.text.startsWith('OK')) break;
  }
  const poll = await devicePost(`${baseUrl}/iclock/getrequest?SN=${serial}`, '', {}, 'GET');
  return { handshake, uploads, poll };
}

/** A Dahua ITC camera's traffic-snap event in the event stream's envelope. */
export function dahuaSnap(a: {
  machine: string;
  lane: number;
  plate: string;
  utc: number;
  group: number;
}): string {
  const data = {
    Action: 'Pulse',
    Class: 'Traffic',
    Code: 'TrafficJunction',
    CountInGroup: 1,
    EventID: a.group,
    GroupID: a.group,
    IndexInGroup: 1,
    Lane: a.lane,
    Name: 'TrafficTollGate0',
    Object: { ObjectType: 'Plate', Text: a.plate },
    TrafficCar: {
      Lane: a.lane,
      MachineName: a.machine,
      PlateNumber: a.plate,
      UTC: a.utc,
      ViolationName: 'ANPR',
    },
    UTC: a.utc,
    UTCMS: 0,
  };
  return JSON.stringify({
    id: 3143,
    method: 'client.notifyEventStream',
    params: { SID: 513, eventList: [{ Action: 'Pulse', Code: 'TrafficJunction', Data: data }] },
    session: '537478f7285075076ff055201d96d1a4',
  });
}
