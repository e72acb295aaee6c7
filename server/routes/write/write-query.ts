// Query parameters of the InfluxDB-compatible write endpoints. portpulse has one store, so any bucket/db name is
// accepted, but it is required, as InfluxDB requires it, so misconfigured clients still get a clear error. Other
// parameters InfluxDB clients send (rp, consistency…) are ignored.
import { z } from 'zod';
import { precisionParam } from './precision';

const required = (name: string, what: string) => {
  const error = `${what} is required (query parameter "${name}")`;
  return z.string({ error }).min(1, error);
};

export const v2WriteQuerySchema = z.object({
  bucket: required('bucket', 'bucket').describe('required, as InfluxDB requires it; any name is accepted'),
  org: z.string().optional().describe('ignored (one store)'),
  precision: precisionParam('v2'),
});

export const v1WriteQuerySchema = z.object({
  db: required('db', 'database').describe('required, as InfluxDB 1.x requires it; any name is accepted'),
  precision: precisionParam('v1'),
  u: z.string().optional().describe('user name (ignored)'),
  p: z.string().optional().describe('the write token, when not sent as a header'),
});
