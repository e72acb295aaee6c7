// What a failed write means: retryable or final, how many lines a partial write kept, and the log line naming
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

/** One request's outcome, for callers that retry by themselves (the disk spool). */
export type Delivery = { ok: true } | { ok: false; retryable: boolean; accepted: number; message: string };

const MAX_BODY_IN_LOG = 500;

/** The client's rule: HTTP errors below 429 are final; 429, 5xx and network errors may succeed later. */
export function isRetryableWriteError(error: Error): boolean {
  return !(error instanceof HttpError) || error.statusCode >= 429;
}

function describe(error: Error): { what: string; body: string } {
  const http = error instanceof HttpError ? error : undefined;
  const what = http
    ? `HTTP ${http.statusCode}${http.statusMessage ? ` ${http.statusMessage}` : ''}`
    : error.message;
  return { what, body: http?.body ? `; body: ${http.body.slice(0, MAX_BODY_IN_LOG)}` : '' };
}

function acceptedBy(error: Error, lines: number): number {
  const reported: unknown = error instanceof HttpError ? error.json?.accepted : undefined;
  return typeof reported === 'number' ? Math.max(0, Math.min(lines, reported)) : 0;
}

export function classifyWriteFailure(error: Error, lines: number, at: FailedAttempt): WriteFailure {
  const { what, body } = describe(error);
  // Retried while attempts and time remain.
  const retried = at.attempt <= at.maxRetries && at.expires > at.now && isRetryableWriteError(error);
  if (retried) {
    const message = `write of ${lines} lines failed (${what}), retrying (attempt ${at.attempt} of ${at.maxRetries + 1})${body}`;
    return { retried, accepted: 0, message };
  }
  const accepted = acceptedBy(error, lines);
  const kept = accepted > 0 ? ` (${accepted} of them were stored)` : '';
  return {
    retried,
    accepted,
    message: `write of ${lines} lines failed (${what}), not retried${kept}${body}`,
  };
}

/** A failed one-shot request typed retryable or final, with the lines a partial write kept. */
export function failedDelivery(error: Error, lines: number): Delivery {
  const { what, body } = describe(error);
  if (isRetryableWriteError(error))
    return {
      ok: false,
      retryable: true,
      accepted: 0,
      message: `write of ${lines} lines failed (${what})${body}`,
    };
  const accepted = acceptedBy(error, lines);
  const kept = accepted > 0 ? ` (${accepted} of them were stored)` : '';
  return {
    ok: false,
    retryable: false,
    accepted,
    message: `write of ${lines} lines rejected (${what})${kept}${body}`,
  };
}
