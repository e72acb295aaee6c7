// The event log's own errors. The store knows nothing of HTTP: the app's one error handler turns each into
// 503 with a Retry-After (every one of them passes: a full budget frees up, a restart reopens the log).

export class StoreError extends Error {
  override name = 'StoreError';
}

/** The disk budget would be exceeded: bytes stored, reserved by queued writes, the budget, and what is asked. */
export class LogFullError extends StoreError {
  override name = 'LogFullError';
  constructor(
    readonly storedBytes: number,
    readonly queuedBytes: number,
    readonly maxBytes: number,
    readonly neededBytes: number,
  ) {
    const queued = queuedBytes > 0 ? ` + ${queuedBytes} queued` : '';
    super(
      `event log is full (${storedBytes}${queued} of ${maxBytes} bytes; this write needs ${neededBytes})`,
    );
  }
}

/** The log is closed: the server is shutting down. */
export class LogClosedError extends StoreError {
  override name = 'LogClosedError';
  constructor() {
    super('server is shutting down');
  }
}

/** Cluster mode: the event stream did not acknowledge a write in time (brokers down or without quorum). */
export class StreamWriteError extends StoreError {
  override name = 'StreamWriteError';
}

/** A write failed (disk error); `broken`: the failed write could not be cut off, so writes stop until restart. */
export class LogWriteError extends StoreError {
  override name = 'LogWriteError';
  constructor(
    readonly reason: string,
    readonly broken = false,
  ) {
    super(broken ? `event log is not writable: ${reason}` : `event log write failed: ${reason}`);
  }
}
