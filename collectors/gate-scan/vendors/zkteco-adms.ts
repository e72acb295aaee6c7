// zkteco-adms: ZKTeco attendance / access terminals in ADMS ("iclock" push) mode. The device calls
//   GET  /iclock/cdata?SN=<serial>&options=all    handshake → "GET OPTION FROM: <serial>" and its options
//   POST /iclock/cdata?SN=<serial>&table=ATTLOG   tab-separated lines: PIN, time (device local), status,
//                                                 verify, work code, …   → "OK"
//   GET  /iclock/getrequest?SN=<serial>           command poll → "OK" (no commands)
//   POST /iclock/devicecmd?SN=<serial>            command results → "OK"
// Each ATTLOG line is a staff badge read: PIN → badge, status 0/3/4 (check-in, break-in, overtime-in) → in,
// 1/2/5 → out (unless the device has a fixed direction), released when read. Other tables (OPERLOG, photos,
// templates) are acknowledged and counted. Bad lines are reported and skipped, the rest kept, and the batch
// acknowledged (sending it again cannot fix a bad line); a device that is not configured gets an error, so it
// keeps its records and sends them again once it is.
import type { JsonReply } from '../../common/runner/json-http-server';
import { type Decoded, findDevice, inDeviceOffset, type VendorPreset } from './vendor-preset';

const textReply = (status: number, body: string): JsonReply => ({
  status,
  text: body,
  contentType: 'text/plain; charset=utf-8',
});

const directionOfStatus: Record<string, 'in' | 'out'> = {
  '0': 'in',
  '3': 'in',
  '4': 'in',
  '1': 'out',
  '2': 'out',
  '5': 'out',
};

export const zktecoAdms: VendorPreset = {
  name: 'zkteco-adms',
  defaultPath: '/iclock',
  releasedOnRead: true,
  exactPath: false,
  methods: ['GET', 'POST'],

  decode(req, ctx): Decoded {
    const serial = req.query.get('SN') ?? req.query.get('sn') ?? '';
    const op = req.path.slice(req.path.lastIndexOf('/') + 1).replace(/\.aspx$/, '');
    if (serial === '') return { kind: 'error', device: req.remoteAddress, reason: 'no SN in the query' };
    const device = findDevice(ctx.config, [serial]);
    if (!device)
      return { kind: 'error', device: serial, reason: `unknown device: add "${serial}" to devices` };
    if (op === 'getrequest' || op === 'devicecmd')
      return { kind: 'other', device: serial, what: op, reply: textReply(200, 'OK') };
    if (op !== 'cdata') return { kind: 'error', device: serial, reason: `unknown iclock call /${op}` };
    if (req.method === 'GET')
      return {
        kind: 'other',
        device: serial,
        what: 'handshake',
        reply: textReply(
          200,
          [
            `GET OPTION FROM: ${serial}`,
            'ATTLOGStamp=None',
            'OPERLOGStamp=9999',
            'ATTPHOTOStamp=None',
            'ErrorDelay=30',
            'Delay=10',
            'TransTimes=00:00;14:05',
            'TransInterval=1',
            'TransFlag=TransData AttLog',
            'Realtime=1',
            'Encrypt=None',
          ].join('\n'),
        ),
      };
    const table = (req.query.get('table') ?? '').toUpperCase();
    const body = req.raw.toString('utf8');
    if (table !== 'ATTLOG')
      return {
        kind: 'other',
        device: serial,
        what: `${table || 'untyped'} table`,
        reply: textReply(200, 'OK'),
      };
    const reads: Record<string, unknown>[] = [];
    const problems: string[] = [];
    for (const [i, line] of body.split(/\r?\n/).entries()) {
      if (line.trim() === '') continue;
      const [pin = '', time = '', status = ''] = line.split('\t').map((c) => c.trim());
      if (pin === '' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(time)) {
        problems.push(
          `line ${i + 1}: expected PIN<tab>YYYY-MM-DD hh:mm:ss<tab>status…, got ${JSON.stringify(line.slice(0, 80))}`,
        );
        continue;
      }
      const direction = device.entry.direction ?? directionOfStatus[status];
      if (!direction) {
        problems.push(`line ${i + 1}: status "${status}" is not a check-in or check-out code (0–5)`);
        continue;
      }
      reads.push({
        id: `${serial}/${pin}/${time}`,
        subject: 'staff',
        badge: pin,
        device: device.key,
        direction,
        time: inDeviceOffset(time, device.entry),
      });
    }
    return { kind: 'reads', device: serial, reads, problems };
  },

  accepted: () => textReply(200, 'OK'),
  // A batch whose lines the desk refused is acknowledged (the lines were reported): re-sending cannot fix them.
  refused: (reason, decoded) =>
    decoded?.kind === 'reads' ? textReply(200, 'OK') : textReply(400, `ERROR: ${reason}`),
};
