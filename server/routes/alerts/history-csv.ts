// The alert history as CSV for spreadsheets (UTF-8 with BOM, CRLF, formula-safe cells like the index series):
// one row per record with the columns that matter for each kind of record.
import type { HistoryEntry } from '../../../shared/alerting/history';
import { csvCell } from '../indices/series-csv';

const columns = ['time', 'type', 'site', 'alert_id', 'kind', 'severity', 'event', 'channel', 'by', 'note'];

function row(e: HistoryEntry): (string | number | null)[] {
  const time = new Date(e.at).toISOString();
  switch (e.type) {
    case 'alert':
      return [
        time,
        'alert',
        e.site,
        e.alert.id,
        e.alert.kind,
        e.alert.severity,
        e.transition,
        null,
        null,
        null,
      ];
    case 'ack':
      return [time, 'ack', e.site, e.alertId, null, null, 'acknowledged', null, e.ack.by, e.ack.note ?? null];
    case 'notification':
      return [
        time,
        'notification',
        e.site,
        e.alertIds.join(' '),
        null,
        null,
        e.outcome,
        e.channel,
        null,
        e.detail ?? null,
      ];
    case 'silence': {
      const ended = e.silence.endedAt !== null;
      const m = Object.entries(e.silence.matchers)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      return [
        time,
        'silence',
        e.site,
        null,
        null,
        null,
        ended ? 'ended' : `until ${new Date(e.silence.endsAt).toISOString()}`,
        m,
        e.silence.createdBy,
        e.silence.reason,
      ];
    }
  }
}

export function historyCsv(entries: readonly HistoryEntry[]): string {
  const lines = [columns.join(','), ...entries.map((e) => row(e).map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
