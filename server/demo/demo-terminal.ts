// What `npm start` prints, in plain words: where to open the dashboard, what it is writing (with a progress
// bar while the history is written), warnings (through the demo logger) and a one-line status every minute.
import cliProgress from 'cli-progress';
import type { HistoryProgress } from '../../collectors/simulate/history/write-history';

const out = (line = '') => process.stdout.write(`${line}\n`);
const count = (n: number) => Math.round(n).toLocaleString('en-US');

export function printBanner(o: { url: string; sites: number; dataDir: string; logFile: string }): void {
  out();
  out(`  portpulse demo — open ${o.url}`);
  out(`    operator view   ${o.url}`);
  out(`    network view    ${o.url}?view=network`);
  out(`    analyst view    ${o.url}?view=analyst`);
  out(`  ${o.sites} simulated sites · data in ${o.dataDir} · server log ${o.logFile} · Ctrl-C to stop`);
  out();
}

export const say = (line: string) => out(`  ${line}`);

const monthName = (ms: number) =>
  new Date(ms).toLocaleString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A progress bar on a terminal; a line every few seconds when stdout is a file or a pipe. */
export function historyProgressBar(): { update(p: HistoryProgress): void; stop(): void } {
  const bar = new cliProgress.SingleBar(
    {
      format: '  history {bar} {percentage}% · {month} · {events} events · {duration}s',
      barCompleteChar: '█',
      barIncompleteChar: '░',
      barsize: 30,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      stream: process.stdout,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const payload = { month: monthName(p.dayMs), events: count(p.events) };
      if (!started) {
        bar.start(p.total, p.done, payload);
        started = true;
      } else bar.update(p.done, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export interface StatusFigures {
  uptimeMs: number;
  sites: number;
  eventsLastMinute: number;
  writeErrors: number;
  activeAlerts: number;
  liveClients: number;
  newestAgeS: number | undefined;
}

/** One line a minute: "08:14 · up 12 min · 7 sites · 1,234 events in the last minute …". */
export function statusLine(f: StatusFigures, now = new Date()): string {
  const clock = now.toTimeString().slice(0, 5);
  const up =
    f.uptimeMs < 3_600_000
      ? `${Math.round(f.uptimeMs / 60_000)} min`
      : `${(f.uptimeMs / 3_600_000).toFixed(1)} h`;
  const parts = [
    clock,
    `up ${up}`,
    `${f.sites} sites`,
    `${count(f.eventsLastMinute)} events in the last minute`,
    f.newestAgeS === undefined ? 'no data yet' : `newest data ${Math.round(f.newestAgeS)} s old`,
    `${f.activeAlerts} active alert${f.activeAlerts === 1 ? '' : 's'}`,
    `${f.liveClients} dashboard${f.liveClients === 1 ? '' : 's'} open`,
  ];
  if (f.writeErrors > 0) parts.push(`${count(f.writeErrors)} events failed to write (see the server log)`);
  return parts.join(' · ');
}
