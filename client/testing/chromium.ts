// Browser-test helpers: Debian's Chromium driven by playwright-core with a fresh, throwaway profile, and
// screenshots saved under <repo>/test-results/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface LaunchOptions {
  /** Default 1440×900 (a laptop); use 1920×1080 for the wall screen. */
  viewport?: { width: number; height: number };
  /** Browser UI language (navigator.language), e.g. "zh-CN"; default en-US. */
  locale?: string;
  /** Extra Chromium switches (e.g. --enable-precise-memory-info). */
  args?: string[];
  /** A touch screen (a wall display operated by finger): enables taps. */
  hasTouch?: boolean;
}

export interface Browser {
  page: Page;
  /** Console errors and uncaught page errors seen so far (a clean page has none). */
  pageErrors: string[];
  /** Closes the browser and deletes its profile directory. */
  close(): Promise<void>;
}

export async function launchChromium(opts: LaunchOptions = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'portpulse-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, ...(opts.args ?? [])],
      locale: opts.locale ?? 'en-US',
      headless: true,
      viewport: opts.viewport ?? { width: 1440, height: 900 },
      hasTouch: opts.hasTouch ?? false,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    return {
      page,
      pageErrors,
      async close() {
        try {
          await context.close();
        } finally {
          rmSync(profile, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}

/** Saves a full-page screenshot to <repo>/test-results/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(repoRoot, 'test-results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
