import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Headless Chromium on this machine: no GPU, and no background connections (the network is closed; its retries cost CPU). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** A headless Chromium with a fresh profile, signed in through the login form. */
export interface SignedInBrowser {
  browser: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Opens `base + path` (a page that sends a signed-out visitor to /login?ru=…), signs in with the
 * form and waits until the browser is back at `base + path`.
 */
export async function signedInBrowser(base: string, path: string, username: string, password: string): Promise<SignedInBrowser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'rfk-chromium-'));
  const browser = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const close = async () => {
    await browser.close();
    rmSync(profileDir, { recursive: true, force: true });
  };
  try {
    const page = await browser.newPage();
    await page.goto(`${base}${path}`);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(password);
    await Promise.all([page.waitForURL(`${base}${path}`), page.getByRole('button', { name: 'Sign in' }).click()]);
    return { browser, page, close };
  } catch (e) {
    await close();
    throw e;
  }
}
