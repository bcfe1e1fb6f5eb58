import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../support/fixtures.js';
import type { HostProcess } from '../support/host.js';
import { startRendererInBrowser } from '../support/browser.js';

/**
 * The real renderer in a real browser against the host: the page picks the WebSocket
 * transport from `?token=`, the CSP lets it connect and play the video from /media/.
 * Debian's chromium (.ci/run installs it; elsewhere set CHROMIUM_PATH).
 */
const work = tempDir('tp-host-browser-');
let host: HostProcess | undefined;
let browser: Browser | undefined;

describe('the renderer in a browser, through the host', () => {
  beforeAll(async () => {
    ({ host, browser } = await startRendererInBrowser(work.dir));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    work.cleanup();
  });

  it('fills the form with typed paths, shows progress, then plays the finished video', async () => {
    const page = await browser!.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('requestfailed', (request) => {
      // A <video> routinely drops a request it no longer needs once it switches to byte ranges.
      const aborted = request.failure()?.errorText === 'net::ERR_ABORTED' && new URL(request.url()).pathname.startsWith('/media/');
      if (!aborted) problems.push(`${request.url()}: ${request.failure()?.errorText}`);
    });
    await page.goto(host!.firstLine);

    // The host has no native dialogs, so the page offers path fields once main has answered engine:status.
    const outDir = path.join(work.dir, 'out');
    await page.getByLabel('Photo file').fill(fixture('portrait-obama.jpg'));
    await page.getByLabel('Script').fill('Hello from the browser.');
    await page.getByLabel('Save to folder').fill(outDir);
    await page.getByRole('button', { name: 'Render video' }).click();

    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 30_000 }).toMatch(/\d+%/);
    const video = page.getByLabel('The finished talking video');
    await video.waitFor({ timeout: 60_000 });
    expect(await video.getAttribute('src')).toMatch(/^\/media\/[A-Za-z0-9_-]+\/video\.mp4\?token=/);
    // HAVE_METADATA or better: the media route answered and the CSP let the element load it.
    await expect.poll(() => video.evaluate((el: HTMLVideoElement) => el.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    expect(await video.evaluate((el: HTMLVideoElement) => el.duration)).toBeGreaterThan(0.5);
    expect(readdirSync(outDir).sort()).toEqual(['enhanced.jpg', 'report.json', 'video.mp4']);
    expect(problems).toEqual([]);
  });
});
