import AxeBuilder from '@axe-core/playwright';
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/fixtures.js';
import type { HostProcess } from '../support/host.js';
import { startRendererInBrowser } from '../support/browser.js';

/**
 * The Create screen's recorder in a real browser against the host: Chromium's fake
 * microphone (a beeping tone, permission granted without a prompt) is recorded for about
 * two seconds, and the take Chromium's MediaRecorder made (WebM/Opus, no duration in its
 * header) goes through `recordings:import` to the engine's recording loader, which must
 * accept it and measure its length. Debian's chromium (.ci/run installs it; elsewhere set
 * CHROMIUM_PATH).
 */
const work = tempDir('tp-host-recording-');
let host: HostProcess | undefined;
let browser: Browser | undefined;

describe('recording my voice in a browser, through the host', () => {
  beforeAll(async () => {
    ({ host, browser } = await startRendererInBrowser({}, { args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] }));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    work.cleanup();
  });

  it('records about two seconds from the microphone, showing the time and level, and the engine takes the WebM as the recording', { timeout: 120_000 }, async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(host!.firstLine);
    await page.getByRole('heading', { level: 1, name: 'Create' }).waitFor();
    await page.getByRole('checkbox', { name: 'Use my own recording' }).check();

    // The recorder's clock starts between this moment and the Stop button showing; on a
    // loaded machine the accessibility scan below can take seconds, so the clock and the
    // take's length are bounded by the time that really passed, not by a fixed "two".
    const clicked = Date.now();
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    const stop = page.getByRole('button', { name: 'Stop', exact: true });
    await stop.waitFor({ timeout: 15_000 });
    const started = Date.now();
    expect(await stop.evaluate((el) => el === document.activeElement)).toBe(true);
    // The fake microphone beeps: the meter rises above empty at some moment.
    const meter = page.getByRole('meter', { name: 'Microphone level' });
    await expect.poll(async () => Number(await meter.getAttribute('aria-valuenow')), { timeout: 5_000, interval: 50 }).toBeGreaterThan(0);
    const results = await new AxeBuilder({ page }).include('.voice-recorder').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);

    await page.waitForTimeout(Math.max(0, 2_000 - (Date.now() - started)));
    const clock = /^00:(\d\d) \/ 06:00$/.exec((await page.getByRole('timer', { name: 'Recording time' }).textContent()) ?? '');
    const mostSeconds = (Date.now() - clicked) / 1000;
    expect(clock).not.toBeNull();
    expect(Number(clock![1])).toBeGreaterThanOrEqual(1);
    expect(Number(clock![1])).toBeLessThanOrEqual(Math.floor(mostSeconds));
    await stop.click();
    const stoppedBy = (Date.now() - clicked) / 1000;
    const length = page.getByLabel('Recording length');
    await length.waitFor({ timeout: 60_000 });
    const seconds = Number(/^(\d+\.\d) s$/.exec((await length.textContent()) ?? '')?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(1.8);
    expect(seconds).toBeLessThanOrEqual(stoppedBy + 0.5);
    expect(await page.locator('.recording-preview p', { has: length }).textContent()).toMatch(/^recording-\d{4}-\d{2}-\d{2}-\d{4}\.webm · /);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Record', exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);

    // The recording the engine cleaned and normalised, and the take as recorded beside it,
    // are what the two players serve.
    for (const label of ['Hear your recording cleaned up', 'Hear your recording as recorded']) {
      const src = await page.getByLabel(label).getAttribute('src');
      const served = await page.evaluate(async (url) => (await fetch(url!)).status, src);
      expect(served).toBe(200);
    }
    expect(problems).toEqual([]);
    await context.close();
  });
});
