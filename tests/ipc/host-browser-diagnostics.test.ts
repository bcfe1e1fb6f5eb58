import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryProviderLedger, openLibrary, setSetting } from '../../src-main/app/library/index.js';
import { PROVIDER_PREFERENCES_SETTING } from '../../src-main/app/services/open-provider-session.js';
import { startRendererInBrowser } from '../support/browser.js';
import { tempDir } from '../support/fixtures.js';
import type { HostProcess } from '../support/host.js';
import { zipEntryNames } from '../support/zip.js';

/**
 * The Diagnostics screen in Chromium through the host, over a library that spent $4.20 of
 * its $5.00 daily cap today: the machine's figures, the renders and the cost are shown,
 * the 80 % alert is on the screen, axe finds nothing in either theme, and "Save diagnostics bundle…"
 * downloads a zip holding the bundle's files.
 */

const work = tempDir('tp-host-diagnostics-');
const dataDir = path.join(work.dir, 'data');
let host: HostProcess | undefined;
let browser: Browser | undefined;

describe('the Diagnostics screen in a browser, through the host', () => {
  beforeAll(async () => {
    const library = openLibrary({ dataDir });
    setSetting(library, PROVIDER_PREFERENCES_SETTING, { dailyCapUsd: 5 });
    new LibraryProviderLedger(library).recordAttempt({
      provider: 'heygen',
      capability: 'video_generation',
      projectId: null,
      outcome: 'succeeded',
      reason: null,
      message: null,
      retries: 0,
      estimatedCostUsd: 4.2,
      actualCostUsd: 4.2,
      chargedUsd: 4.2,
      latencyMs: 41_000,
      qualityScore: null,
      jobIds: [],
      at: Date.now(),
    });
    library.close();
    ({ host, browser } = await startRendererInBrowser({ TALKINGPHOTO_DATA_DIR: dataDir }));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    work.cleanup();
  });

  it('shows the figures, the spending alert and the slow step, and downloads the bundle', { timeout: 120_000 }, async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${host!.firstLine.split('#')[0]!}#/diagnostics`);
    const machine = page.getByRole('region', { name: 'This computer' });
    await machine.getByText('Memory').waitFor();
    expect(await machine.textContent()).toMatch(/Memory\d+ %.* free of /);
    expect(await page.getByRole('region', { name: 'Cloud cost' }).textContent()).toContain('Today$4.20of the $5.00 daily cap');
    expect(await page.getByRole('status', { name: 'Cloud spending alert' }).textContent()).toContain("Today's cloud spending is $4.20, 84 % of your $5.00 daily cap");
    expect(await page.getByRole('region', { name: 'Needs attention' }).textContent()).toContain('HeyGen took 41 s for a talking video (over 30 s)');
    // TP_SCREENSHOTS=folder keeps a picture of the screen, as the screens test does.
    const shots = process.env.TP_SCREENSHOTS;
    if (shots && shots !== '0' && shots !== '1') await page.screenshot({ path: path.join(shots, 'diagnostics-spend-alert.png'), fullPage: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(axe.violations.map((v) => `${colorScheme}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
    }

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save diagnostics bundle…' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^talkingphoto-diagnostics-.*\.zip$/);
    const saved = path.join(work.dir, 'bundle.zip');
    await download.saveAs(saved);
    expect(await zipEntryNames(saved)).toEqual(['README.txt', 'diagnostics.json', 'environment.json', 'library-health.json', 'logs/talkingphoto.log', 'settings.json', 'versions.json']);
    await page.getByRole('link', { name: /^Download talkingphoto-diagnostics-/ }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
