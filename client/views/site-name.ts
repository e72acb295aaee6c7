// A site's name in the UI language: the Chinese name in the zh UI when the registry has one.
import type { SiteInfo } from '../../shared/sites/registry';
import { lang } from '../i18n/i18n';

/** `both`: "English · 中文" (the site picker, where either reader must find their site). */
export function siteName(s: SiteInfo, both = false): string {
  if (both && s.name_zh) return lang() === 'zh' ? `${s.name_zh} · ${s.name}` : `${s.name} · ${s.name_zh}`;
  return lang() === 'zh' && s.name_zh ? s.name_zh : s.name;
}
