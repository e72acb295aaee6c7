// Language choice and lookup: explicit beats stored beats browser; every key exists in both languages.
import { afterEach, describe, expect, it } from 'vitest';
import { detectLang, setLang, t } from './i18n';
import { en } from './messages-en';
import { zh } from './messages-zh';

afterEach(() => setLang('en'));

describe('i18n', () => {
  it('prefers ?lang=, then the remembered choice, then the browser languages', () => {
    expect(detectLang('zh', 'en', ['en-US'])).toBe('zh');
    expect(detectLang(null, 'zh', ['en-US'])).toBe('zh');
    expect(detectLang(null, null, ['zh-CN', 'en'])).toBe('zh');
    expect(detectLang(null, null, ['de-DE', 'zh-TW'])).toBe('zh');
    expect(detectLang('fr', 'xx', ['fr-FR'])).toBe('en');
  });

  it('fills placeholders and switches language', () => {
    expect(t('conn.retry', { state: 'Disconnected', s: 3 })).toBe('Disconnected · retry in 3 s');
    setLang('zh');
    expect(t('range.24h')).toBe('24 小时');
  });

  it('translates every key, keeping every placeholder', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zh[key], key).toBeTruthy();
      expect(names(zh[key]), key).toEqual(names(en[key]));
    }
  });
});
