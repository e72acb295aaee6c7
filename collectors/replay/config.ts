// The replay collector's config file (JSON, validated at start-up; see README.md and replay.sample.json).
import { z } from 'zod';
import { utcOffsetSchema } from '../common/devices/time-input';
import { collectorConfig } from '../common/runner/runner-config';

export const replayConfigSchema = collectorConfig({
  /** The file to replay (relative to the config file): line protocol (.lp, .txt) or CSV (.csv). */
  file: z.string().min(1),
  format: z.enum(['auto', 'lp', 'csv']).default('auto'),
  /** Unit of line-protocol timestamps. */
  precision: z.enum(['ns', 'us', 'ms', 's']).default('ms'),
  /** 1: real time; 60: an hour a minute; "max": as fast as the server takes it. */
  speed: z.union([z.number().positive().max(1_000_000), z.literal('max')]).default(1),
  /** original: keep event times; shifted: each event is timed when it is sent (a live replay). */
  timestamps: z.enum(['original', 'shifted']).default('original'),
  /** Where the replay records how far it got (relative to the config file). */
  offsetFile: z.string().min(1).default('replay.offset.json'),
  /** Ignore the offset file and replay from the first line. */
  restart: z.boolean().default(false),
  /** auto: a bar on a terminal, periodic lines otherwise. */
  progress: z.enum(['auto', 'bar', 'lines', 'off']).default('auto'),
  progressSeconds: z.number().positive().default(5),
  /** UTC offset of CSV times written without one. */
  timeOffset: utcOffsetSchema,
}).superRefine((c, ctx) => {
  if (c.timestamps === 'shifted' && c.speed === 'max')
    ctx.addIssue({
      code: 'custom',
      path: ['timestamps'],
      message: 'shifted timestamps need a numeric speed',
    });
  if (c.format === 'auto' && !/\.(lp|txt|csv)$/i.test(c.file))
    ctx.addIssue({
      code: 'custom',
      path: ['format'],
      message: 'cannot tell the format from the file name: set lp or csv',
    });
});
export type ReplayConfig = z.output<typeof replayConfigSchema>;

export const formatOf = (c: ReplayConfig): 'lp' | 'csv' =>
  c.format !== 'auto' ? c.format : /\.csv$/i.test(c.file) ? 'csv' : 'lp';
