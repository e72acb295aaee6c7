// The UI language (en | zh): from ?lang=, then localStorage, then the browser's languages; a switch changes
// and remembers it. `t()` looks text up, `intlLocale()` is what Intl formats numbers and dates with.
import { en, type MessageKey } from './messages-en';
import { zh } from './messages-zh';

export type Lang = 'en' | 'zh';
export const langs: readonly Lang[] = ['en', 'zh'];
export const STORAGE_KEY = 'portpulse.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, zh };

let current: Lang = 'en';
const listeners = new Set<(l: Lang) => void>();

const asLang = (v: string | null | undefined): Lang | undefined =>
  v === 'en' || v === 'zh' ? v : v?.toLowerCase().startsWith('zh') ? 'zh' : undefined;

/** The language to start with: an explicit choice wins over what the browser prefers. */
export function detectLang(query: string | null, stored: string | null, browser: readonly string[]): Lang {
  const preferred = browser.map((b) =>
    b.toLowerCase().startsWith('zh') ? 'zh' : b.toLowerCase().slice(0, 2),
  );
  return asLang(query) ?? asLang(stored) ?? preferred.map(asLang).find((l) => l !== undefined) ?? 'en';
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled (privacy mode): still works, just not remembered
  }
}

/** Picks the start language in a browser page and sets <html lang>. */
export function initLang(): Lang {
  const query = new URLSearchParams(location.search).get('lang');
  current = detectLang(query, storage()?.getItem(STORAGE_KEY) ?? null, navigator.languages ?? []);
  document.documentElement.lang = intlLocale();
  return current;
}

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang): void {
  storage()?.setItem(STORAGE_KEY, l);
  if (l === current) return;
  current = l;
  if (typeof document !== 'undefined') document.documentElement.lang = intlLocale();
  for (const fn of listeners) fn(l);
}

export function onLangChange(fn: (l: Lang) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function intlLocale(): 'en-US' | 'zh-CN' {
  return current === 'zh' ? 'zh-CN' : 'en-US';
}

/** The text of `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = dictionaries[current][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
