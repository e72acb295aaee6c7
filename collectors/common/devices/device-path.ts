// Opens a device path for a DeviceLink, by what the path is: a character device (a serial port, a USB
// adapter) through `serialport` with its line settings; a FIFO non-blocking, read as a socket on the event
// loop; anything else (a plain file) with fs streams. Never fs streams for a tty or FIFO: a blocking read of
// a silent device holds a libuv thread until the device speaks, closing the file does not release it, and a
// few idle reconnects would take the 4 threads every fs call of the process (the spool) needs.
import { constants, createReadStream, open, write } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import type { SerialLine } from './serial-line';
import { openSerialPort, type SerialPortClass } from './serial-port';

/** An open link, whatever carries it. */
export interface Connection {
  input: Readable;
  /** Sends bytes; `failed` hears of an error that only shows later (a file write). */
  write(bytes: Buffer, failed: (e: Error) => void): void;
  /** Closes it for good (its 'close' event follows). */
  release(reason?: string): void;
}

/** A socket (TCP, or a FIFO on the event loop) as a Connection. */
export const socketConnection = (socket: Socket): Connection => ({
  input: socket,
  write: (bytes) => void socket.write(bytes),
  release: (reason) => socket.destroy(reason === undefined ? undefined : new Error(reason)),
});

const openFd = promisify(open);

/** "no such file or directory (ENOENT)" from Node's "ENOENT: no such file or directory, stat '/dev/x'". */
function osError(e: NodeJS.ErrnoException): string {
  if (!e.code || !e.syscall) return e.message;
  return `${e.message.replace(`${e.code}: `, '').replace(/, \w+ '.*'$/, '')} (${e.code})`;
}

export async function openDevicePath(
  path: string,
  line: SerialLine,
  Port?: SerialPortClass,
): Promise<Connection> {
  const s = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`cannot open ${path}: ${osError(e)}`);
  });
  if (s.isCharacterDevice()) {
    const port = await openSerialPort(path, line, Port);
    return {
      input: port,
      write: (bytes) => void port.write(bytes),
      // close() releases the port (the fd and the binding's poller); destroy() alone would not.
      release: () => (port.isOpen ? port.close(() => {}) : port.destroy()),
    };
  }
  const fd = await openFd(path, s.isFIFO() ? constants.O_RDWR | constants.O_NONBLOCK : 'r+').catch(
    (e: NodeJS.ErrnoException) => {
      throw new Error(`cannot open ${path}: ${osError(e)}`);
    },
  );
  if (s.isFIFO()) return socketConnection(new Socket({ fd, readable: true, writable: true }));
  const stream = createReadStream('', { fd, highWaterMark: 4096 });
  return {
    input: stream,
    write: (bytes, failed) => write(fd, bytes, (e) => e && failed(e)),
    release: () => stream.destroy(), // closes the fd (autoClose)
  };
}
