// The alerting API from the dashboard: acknowledge, silences, history. Answers are validated at the edge with
// the shared schemas; a refusal comes back as the server's message.
import { type HistoryResponse, historyResponseSchema } from '../../shared/alerting/history';
import { type Silence, type SilenceRequest, silenceListSchema } from '../../shared/alerting/silence';
import { apiFetch } from './auth';

async function post(path: string, body: unknown): Promise<unknown> {
  const res = await apiFetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error((json as { message?: string }).message ?? `HTTP ${res.status}`);
  return json;
}

export const acknowledge = (id: string, by: string, note: string) =>
  post('/api/alerts/ack', { id, by, ...(note ? { note } : {}) });

export const createSilence = (req: SilenceRequest) => post('/api/silences', req);

export const endSilence = (id: string) => post('/api/silences/end', { id });

export async function fetchSilences(): Promise<Silence[]> {
  const res = await apiFetch('/api/silences');
  if (!res.ok) throw new Error(`GET /api/silences: HTTP ${res.status}`);
  return silenceListSchema.parse(await res.json()).silences;
}

export async function fetchAlertHistory(site: string, from: number): Promise<HistoryResponse> {
  const res = await apiFetch(`/api/alerts/history?site=${encodeURIComponent(site)}&from=${from}`);
  if (!res.ok) throw new Error(`GET /api/alerts/history: HTTP ${res.status}`);
  return historyResponseSchema.parse(await res.json());
}

/** The CSV of a site's last 24 h, fetched with the token and saved through a blob link. */
export async function downloadHistoryCsv(site: string, from: number): Promise<void> {
  const res = await apiFetch(`/api/alerts/history?site=${encodeURIComponent(site)}&from=${from}&format=csv`);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `alerts-${site}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const NAME_KEY = 'portpulse.operator';
export const rememberedName = () => localStorage.getItem(NAME_KEY) ?? '';
export const rememberName = (name: string) => localStorage.setItem(NAME_KEY, name);
