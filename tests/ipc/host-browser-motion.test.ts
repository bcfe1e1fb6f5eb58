import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, REPO_ROOT, tempDir } from '../support/fixtures.js';
import type { HostProcess } from '../support/host.js';
import { startRendererInBrowser } from '../support/browser.js';

/**
 * The Create form's Motion section in Debian's Chromium against the host: the choices are
 * kept across a reload, and Preview renders a real clip through a render process that the
 * page is then served. Debian's Chromium has no H.264 decoder, so the clip's bytes are
 * checked rather than its playback (as in host-browser.test.ts). A picture of the open
 * section with its preview is kept in test-results/motion-preview.png.
 */
const work = tempDir('tp-host-motion-');
let host: HostProcess | undefined;
let browser: Browser | undefined;

const photoLoaded = (page: Page) => page.getByRole('img', { name: 'Your photo, enhanced' }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

describe('the Motion section in a browser, through the host', () => {
  beforeAll(async () => {
    ({ host, browser } = await startRendererInBrowser());
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    work.cleanup();
  });

  it('keeps a still head and a warm mood across a reload, and Preview shows a short clip the host serves as MP4', { timeout: 240_000 }, async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(host!.firstLine);
    await page.getByRole('heading', { level: 1, name: 'Create' }).waitFor();
    await page.locator('input[type="file"]').setInputFiles(fixture('portrait-obama.jpg'));
    await expect.poll(() => photoLoaded(page), { timeout: 60_000 }).toBe(true);
    await page.getByLabel('Script', { exact: true }).fill('Hello everyone, welcome back to the channel. Today we try something new.');

    await page.locator('summary', { hasText: 'Motion' }).click();
    await page.getByRole('checkbox', { name: 'Still head' }).check();
    await page.getByRole('button', { name: 'Warm' }).click();
    await page.getByText('warm mood, still head').waitFor();

    // The draft brings the choices back.
    await page.waitForTimeout(800);
    await page.reload();
    await expect.poll(() => photoLoaded(page), { timeout: 15_000 }).toBe(true);
    await page.locator('summary', { hasText: 'warm mood, still head' }).click();
    expect(await page.getByRole('slider', { name: 'Head motion' }).getAttribute('aria-valuetext')).toBe('Still head');

    await page.getByRole('button', { name: 'Preview 3 s' }).click();
    await page.getByText('Rendering a short preview on this computer…').waitFor();
    const video = page.getByLabel('Motion preview');
    await video.waitFor({ timeout: 120_000 });
    const src = await video.evaluate((el: HTMLVideoElement) => el.src);
    const served = await page.evaluate(async (url) => {
      const response = await fetch(url);
      const head = new Uint8Array(await response.arrayBuffer()).subarray(0, 12);
      return { status: response.status, type: response.headers.get('content-type'), box: String.fromCharCode(...head.subarray(4, 8)) };
    }, src);
    expect(served).toEqual({ status: 200, type: expect.stringMatching(/^video\/mp4/), box: 'ftyp' });
    expect(await page.getByRole('alert').count()).toBe(0);

    const axe = await new AxeBuilder({ page }).include('.motion-section').analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    mkdirSync(path.join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.locator('.motion-section').screenshot({ path: path.join(REPO_ROOT, 'test-results', 'motion-preview.png') });
    expect(problems).toEqual([]);
    await context.close();
  });
});
