// What a failed write means: retried or final, how many lines a partial write kept, and the log line naming
// the HTTP status and response body. Mirrors @influxdata/influxdb-client's own retry rule.
import { HttpError } from '@influxdata/influxdb-client';

export interface FailedAttempt {
  /** Failed attempts so far for these lines, 1 for the first. */
  attempt: number;
  maxRetries: number;
  /** Instant after which the client stops retrying these lines. */
  expires: number;
  now: number;
}

export interface WriteFailure {
  retried: boolean;
  /** Lines the server stored although the request failed (portpulse "partial write" 400s). */
  accepted: number;
  message: string;
}

const MAX_BODY_IN_LOG = 500;

export function classifyWriteFailure(error: Error, lines: number, at: FailedAttempt): WriteFailure {
  const http = error instanceof HttpError ? error : undefined;
  const what = http
    ? `HTTP ${http.statusCode}${http.statusMessage ? ` ${http.statusMessage}` : ''}`
    : error.message;
  const body = http?.body ? `; body: ${http.body.slice(0, MAX_BODY_IN_LOG)}` : '';
  // The client's rule: HTTP errors below 429 are final; 429, 5xx and network errors are retried while
  // attempts and time remain.
  const retried = at.attempt <= at.maxRetries && at.expires > at.now && (!http || http.statusCode >= 429);
  if (retried) {
    const message = `write of ${lines} lines failed (${what}), retrying (attempt ${at.attempt} of ${at.maxRetries + 1})${body}`;
    return { retried, accepted: 0, message };
  }
  const reported: unknown = http?.json?.accepted;
  const accepted = typeof reported === 'number' ? Math.max(0, Math.min(lines, reported)) : 0;
  const kept = accepted > 0 ? ` (${accepted} of them were stored)` : '';
  return {
    retried,
    accepted,
    message: `write of ${lines} lines failed (${what}), not retried${kept}${body}`,
  };
}
