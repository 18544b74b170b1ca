/** Headless Chromium (the Debian package) for tests that look at the compliance page. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator } from 'playwright-core';

/** Opens a private, offline Chromium profile; close it with `await using`. */
export async function openChromium(): Promise<BrowserContext & AsyncDisposable> {
  const profile = mkdtempSync(join(tmpdir(), 'netconform-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return Object.assign(browser, {
    [Symbol.asyncDispose]: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  });
}

type Styles = Record<string, string>;
interface StyleWindow {
  getComputedStyle(element: unknown): Styles;
}

/** A computed CSS property of the element `locator` finds (e.g. `color`). */
export function computedStyle(locator: Locator, property: string): Promise<string> {
  return locator.evaluate(
    (element, p) => (globalThis as unknown as StyleWindow).getComputedStyle(element)[p] ?? '',
    property,
  );
}
