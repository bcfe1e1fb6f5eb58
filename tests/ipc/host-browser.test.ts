import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, REPO_ROOT, tempDir } from '../support/fixtures.js';
import { startHostProcess, type HostProcess } from '../support/host.js';

/**
 * The real renderer in a real browser against the host: the page picks the WebSocket
 * transport from `?token=`, the CSP lets it connect and play the video from /media/.
 * Debian's chromium (.ci/run installs it; elsewhere set CHROMIUM_PATH).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const work = tempDir('tp-host-browser-');
let host: HostProcess | undefined;
let browser: Browser | undefined;

describe('the renderer in a browser, through the host', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH.`);
    // A fresh build of the current renderer, beside the test, so a stale dist/ cannot pass or fail it.
    const rendererDir = path.join(work.dir, 'renderer');
    await build({ configFile: path.join(REPO_ROOT, 'vite.renderer.config.ts'), logLevel: 'silent', build: { outDir: rendererDir, emptyOutDir: true } });
    [host, browser] = await Promise.all([
      startHostProcess({ TALKINGPHOTO_RENDERER_DIR: rendererDir }),
      chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'] }),
    ]);
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
