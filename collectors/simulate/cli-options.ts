// Command-line options of the simulator, checked once at start-up: every problem is reported with the flag it
// concerns, before anything is generated or sent.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { defaultSites } from '../../shared/sites/default-sites';
import { type SiteRegistry, siteRegistrySchema } from '../../shared/sites/registry';

export const usage = `Usage: tsx collectors/simulate/cli.ts [options]

  --url <url>             portpulse server (default http://127.0.0.1:8080)
  --speed <n>             event-rate multiplier, > 0 and ≤ 1000 (default 1: about 2–5 events/s in daytime for 7 sites)
  --backfill-hours <h>    hours of history to write first, 0–744 (default 0)
  --seed <int>            random seed; the same seed gives the same events (default: from the clock)
  --sites <file.json>     site registry (JSON array of sites; default: the 7 built-in demo sites)
  --token <token>         API token (default: PORTPULSE_TOKEN)
  --stats-seconds <s>     seconds between stats lines (default 10)
  -h, --help              this text`;

export interface CliOptions {
  url: string;
  speed: number;
  backfillHours: number;
  seed: number;
  sites: SiteRegistry;
  token?: string;
  statsSeconds: number;
}

export type CliParse =
  | { ok: true; options: CliOptions }
  | { ok: false; help: true }
  | { ok: false; error: string };

const numberFlag = (flag: string, check: z.ZodNumber, expected: string) =>
  z.string().transform((s, ctx) => {
    const n = s.trim() === '' ? Number.NaN : Number(s);
    const parsed = check.safeParse(n);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: `--${flag}: expected ${expected}, got "${s}"` });
      return z.NEVER;
    }
    return parsed.data;
  });

const flagsSchema = z.object({
  url: z.string().refine((s) => /^https?:\/\/[^\s/]+/.test(s) && URL.canParse(s), {
    message: '--url: expected an http(s) URL such as http://127.0.0.1:8080',
  }),
  speed: numberFlag('speed', z.number().positive().max(1000), 'a number > 0 and ≤ 1000'),
  'backfill-hours': numberFlag(
    'backfill-hours',
    z.number().min(0).max(744),
    'a number of hours from 0 to 744',
  ),
  seed: numberFlag(
    'seed',
    z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    'an integer from 0 to 4294967295',
  ),
  'stats-seconds': numberFlag('stats-seconds', z.number().positive().max(86_400), 'a number of seconds > 0'),
});

export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): CliParse {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string', default: 'http://127.0.0.1:8080' },
        speed: { type: 'string', default: '1' },
        'backfill-hours': { type: 'string', default: '0' },
        seed: { type: 'string', default: String(Date.now() % 1_000_000) },
        sites: { type: 'string' },
        token: { type: 'string' },
        'stats-seconds': { type: 'string', default: '10' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  if (values.help) return { ok: false, help: true };
  const flags = flagsSchema.safeParse(values);
  if (!flags.success) return { ok: false, error: flags.error.issues.map((i) => i.message).join('\n') };
  const sites = loadSites(values.sites as string | undefined);
  if (typeof sites === 'string') return { ok: false, error: sites };
  const token = (values.token as string | undefined) ?? env.PORTPULSE_TOKEN;
  return {
    ok: true,
    options: {
      url: flags.data.url,
      speed: flags.data.speed,
      backfillHours: flags.data['backfill-hours'],
      seed: flags.data.seed,
      sites,
      statsSeconds: flags.data['stats-seconds'],
      ...(token ? { token } : {}),
    },
  };
}

/** The registry, or an error message naming the file and the first problems in it. */
function loadSites(path: string | undefined): SiteRegistry | string {
  if (path === undefined) return siteRegistrySchema.parse(defaultSites);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return `--sites: cannot read ${path}: ${(e as Error).message}`;
  }
  const parsed = siteRegistrySchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
  return `--sites: ${path} is not a valid site registry:\n${problems.join('\n')}`;
}
