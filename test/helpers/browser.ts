/**
 * Debian's Chromium, headless, driven by playwright-core (which downloads no browser). A machine
 * without /usr/bin/chromium fails the browser tests rather than skipping them: scripts/ci-deps.sh
 * installs it for CI.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * The flags this machine needs: no sandbox (root), no GPU, and no background traffic to Google's
 * hosts, which the closed network refuses (each refusal slows the start).
 */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A fresh browser profile (its own empty user-data-dir) that accepts downloads. */
export async function launchBrowser(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ci-deps.sh (apt-get install chromium)`);
  const profile = mkdtempSync(join(tmpdir(), 'trent-chromium-'));
  return chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, acceptDownloads: true, timeout: 30_000 });
}
