/**
 * Debian's Chromium for tests, headless, as this machine allows it (no sandbox as root, no
 * background traffic to a network that is closed). Missing, it fails with how to install it.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * The browser always runs on the computer's own clock, even when the suite runs with its
 * clock moved (test:any-date) or a desk is started on a set clock: libfaketime with the
 * monotonic clock left alone (which node's threads need, test/any-date.sh) makes Chromium
 * crawl (a page that loads in a second took minutes, its timers waiting on the moved
 * wall clock). The station's clock is what the tests date things by, never the page's.
 */
function realClockEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && key !== 'LD_PRELOAD' && !key.startsWith('FAKETIME')) env[key] = value;
  return env;
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (see .ci/run); these tests never skip`);
  return chromium.launch({
    executablePath: CHROMIUM,
    env: realClockEnvironment(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
