// Opens a serial port with its line settings through the `serialport` package (prebuilt N-API bindings, no
// compiler needed). The port is locked (TIOCEXCL) so a second program cannot read half the frames. An open
// that fails says which path, which settings and the OS error, without the binding's decorations.
import { SerialPort, type SerialPortMock } from 'serialport';
import { describeLine, type SerialLine } from './serial-line';

/** SerialPort, or SerialPortMock in the unit test that checks the options reaching the binding. */
export type SerialPortClass = typeof SerialPort | typeof SerialPortMock;
export type OpenSerialPort = SerialPort | SerialPortMock;

/** The OS part of a binding error: "Error: Permission denied, cannot open /dev/ttyS0" → "Permission denied". */
export function osErrorOf(message: string, path: string): string {
  return message
    .replace(/^Error:?\s*/, '')
    .replace(`, cannot open ${path}`, '')
    .trim();
}

export function openSerialPort(
  path: string,
  line: SerialLine,
  Port: SerialPortClass = SerialPort,
): Promise<OpenSerialPort> {
  const port = new Port({
    path,
    baudRate: line.baudRate,
    dataBits: line.dataBits,
    parity: line.parity,
    stopBits: line.stopBits,
    rtscts: line.rtscts,
    xon: line.xonxoff,
    xoff: line.xonxoff,
    lock: true,
    autoOpen: false,
  });
  return new Promise((resolve, reject) =>
    port.open((e) =>
      e
        ? reject(
            new Error(
              `cannot open serial port ${path} (${describeLine(line)}): ${osErrorOf(e.message, path)}`,
            ),
          )
        : resolve(port),
    ),
  );
}
