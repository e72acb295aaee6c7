// The line settings of a serial port (RS-232 / RS-485 through a USB adapter): baud rate, data bits, parity,
// stop bits and flow control, declared once in zod for the collectors' configs. A device only talks at the
// settings it was configured with; a wrong baud rate or parity shows as garbage, not as an error.
import { z } from 'zod';

/** The rates serial indicators and adapters offer; anything else is more likely a typo than a device. */
export const BAUD_RATES = [300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400] as const;

export const serialLineSchema = z.strictObject({
  baudRate: z
    .number()
    .int()
    .refine((r) => (BAUD_RATES as readonly number[]).includes(r), {
      message: `expected a standard baud rate: ${BAUD_RATES.join(', ')}`,
    }),
  dataBits: z.literal([5, 6, 7, 8]),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']),
  /** 1.5 stop bits exist only on Windows drivers. */
  stopBits: z.literal([1, 2]),
  /** Hardware flow control (RTS/CTS). */
  rtscts: z.boolean(),
  /** Software flow control (XON/XOFF), the factory setting of some Mettler-Toledo balances. */
  xonxoff: z.boolean(),
});
export type SerialLine = z.output<typeof serialLineSchema>;

/** 9600 baud, 8 data bits, no parity, 1 stop bit, no flow control: most indicators' default. */
export const line8N1: SerialLine = {
  baudRate: 9600,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
  rtscts: false,
  xonxoff: false,
};

/** A config's partial line: the fields given override a preset. */
export const serialLineOverrideSchema = serialLineSchema.partial();

/** "9600 8N1", "2400 7E1 rtscts": the usual short form, for logs and errors. */
export function describeLine(l: SerialLine): string {
  const flow = [l.rtscts ? ' rtscts' : '', l.xonxoff ? ' xonxoff' : ''].join('');
  return `${l.baudRate} ${l.dataBits}${l.parity[0]!.toUpperCase()}${l.stopBits}${flow}`;
}
