// The dashboard's read token: given once in the page URL as `#token=…` (a fragment never leaves the browser, so
// no proxy or access log sees it; `?token=` is accepted too), kept in sessionStorage (this tab only) and removed
// from the address bar; sent as `Authorization: Token …` on fetch, and traded for a one-time ticket for each
// live WebSocket connection, so the token itself never appears in a URL the server sees again.
import { ticketResponseSchema } from '../../shared/live/ticket';

const STORAGE_KEY = 'portpulse.token';
const authRequiredListeners = new Set<() => void>();

/** Moves `#token=` / `?token=` from the page URL into sessionStorage (call once, before anything reads the URL). */
export function adoptTokenFromUrl(): void {
  const url = new URL(location.href);
  const fragment = new URLSearchParams(url.hash.slice(1));
  const token = fragment.get('token') ?? url.searchParams.get('token');
  if (token === null) return;
  if (token) sessionStorage.setItem(STORAGE_KEY, token);
  else sessionStorage.removeItem(STORAGE_KEY);
  url.searchParams.delete('token');
  fragment.delete('token');
  url.hash = fragment.toString();
  history.replaceState(history.state, '', url);
}

export function storedToken(): string | undefined {
  return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
}

export function authHeaders(): Record<string, string> {
  const token = storedToken();
  return token ? { authorization: `Token ${token}` } : {};
}

/** Called when the server answers 401: the page should ask for a token. */
export function onAuthRequired(listener: () => void): () => void {
  authRequiredListeners.add(listener);
  return () => authRequiredListeners.delete(listener);
}

/** fetch() with the stored token; a 401 tells the onAuthRequired listeners. */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = {
    accept: 'application/json',
    ...authHeaders(),
    ...(init.headers as Record<string, string>),
  };
  const res = await fetch(path, { ...init, headers });
  if (res.status === 401) for (const l of authRequiredListeners) l();
  return res;
}

/** The live URL for one connection attempt: with a fresh one-time ticket when a token is stored. */
export async function liveUrlWithTicket(base: string): Promise<string> {
  if (!storedToken()) return base;
  const res = await apiFetch('/api/live/ticket', { method: 'POST' });
  if (!res.ok) throw new Error(`POST /api/live/ticket: HTTP ${res.status}`);
  const { ticket } = ticketResponseSchema.parse(await res.json());
  return `${base}?ticket=${encodeURIComponent(ticket)}`;
}
