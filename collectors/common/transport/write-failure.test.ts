// Which write failures are retried, and what the log line says about them.
import { HttpError } from '@influxdata/influxdb-client';
import { describe, expect, it } from 'vitest';
import { classifyWriteFailure } from './write-failure';

const now = 1_000_000;
const first = { attempt: 1, maxRetries: 5, expires: now + 60_000, now };
const http = (status: number, body = '', contentType = 'application/json') =>
  new HttpError(status, 'Status', body, null, contentType);

describe('classifyWriteFailure', () => {
  it('retries 429, 5xx and network errors while attempts and time remain', () => {
    expect(classifyWriteFailure(http(503), 10, first).retried).toBe(true);
    expect(classifyWriteFailure(http(429), 10, first).retried).toBe(true);
    expect(
      classifyWriteFailure(
        Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        10,
        first,
      ),
    ).toMatchObject({
      retried: true,
      message: expect.stringContaining('ECONNREFUSED'),
    });
    expect(classifyWriteFailure(http(500), 10, { ...first, attempt: 6 }).retried).toBe(false);
    expect(
      classifyWriteFailure(new Error('Max retry time exceeded.'), 10, { ...first, expires: now }).retried,
    ).toBe(false);
  });

  it('gives up on other 4xx at once, naming status and body', () => {
    const body = '{"code":"unauthorized","message":"missing token"}';
    expect(classifyWriteFailure(http(401, body), 7, first)).toEqual({
      retried: false,
      accepted: 0,
      message: `write of 7 lines failed (HTTP 401 Status), not retried; body: ${body}`,
    });
  });

  it('counts the lines a partial write kept', () => {
    const body = JSON.stringify({ code: 'invalid', message: 'partial write', accepted: 4, rejected: 1 });
    expect(classifyWriteFailure(http(400, body), 5, first)).toMatchObject({ retried: false, accepted: 4 });
    expect(classifyWriteFailure(http(400, body, 'text/plain'), 5, first).accepted).toBe(0);
  });
});
