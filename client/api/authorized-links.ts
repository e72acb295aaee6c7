// Links into the API (e.g. the analyst's CSV download) cannot carry the Authorization header: while a token
// is stored, a click on such a link is fetched with it and saved from a blob URL instead.
import { log } from '../log';
import { apiFetch, storedToken } from './auth';

function fileName(res: Response, fallback: string): string {
  const m = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '');
  return m?.[1] ?? fallback;
}

async function download(href: string): Promise<void> {
  const res = await apiFetch(href, { headers: { accept: '*/*' } });
  if (!res.ok) throw new Error(`${href}: HTTP ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName(res, 'portpulse-export');
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function authorizeApiLinks(): void {
  document.addEventListener('click', (e) => {
    const a = (e.target as Element | null)?.closest?.('a[href^="/api/"]');
    if (!a || !storedToken() || e.defaultPrevented) return;
    e.preventDefault();
    download(a.getAttribute('href')!).catch((err: unknown) =>
      log('warn', 'download failed', { error: String(err) }),
    );
  });
}
