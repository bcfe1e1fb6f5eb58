import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, REPO_ROOT, tempDir } from '../support/fixtures.js';
import type { HostProcess } from '../support/host.js';
import { startRendererInBrowser } from '../support/browser.js';

/**
 * The real renderer in a real browser against the host: the page picks the WebSocket
 * transport from `?token=`, the CSP lets it connect and show photos from /media/. The
 * creator's journey: a photo through the file picker, a script, two platforms, Generate,
 * the Queue until the video is made, and the Library after a reload. Debian's chromium
 * (.ci/run installs it; elsewhere set CHROMIUM_PATH). A picture of the Create screen with
 * its photo is kept in test-results/create-screen.png. The screen with a group photo and
 * a refused file is held to the same accessibility bar as every other screen
 * (host-browser-screens.test.ts), in both themes.
 */
const work = tempDir('tp-host-browser-');
const SCREENSHOT = path.join(REPO_ROOT, 'test-results', 'create-screen.png');
let host: HostProcess | undefined;
let browser: Browser | undefined;

/** Console errors, uncaught exceptions and failed requests, which a creator would never see but a bug leaves. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('requestfailed', (request) => {
    // A reload drops requests still on their way (a photo, the socket); that is the browser, not the app.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`${request.url()}: ${request.failure()?.errorText}`);
  });
  return problems;
}

const photoLoaded = (page: Page) => page.getByRole('img', { name: 'Your photo, enhanced' }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

describe('the renderer in a browser, through the host', () => {
  beforeAll(async () => {
    ({ host, browser } = await startRendererInBrowser(work.dir));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    work.cleanup();
  });

  it('makes a video from a chosen photo and a script, shows it in the Queue until it is made, then in the Library', { timeout: 240_000 }, async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(host!.firstLine);
    await page.getByRole('heading', { level: 1, name: 'Create' }).waitFor();

    // A text file named like a photo: main reads the bytes and says so in the drop zone.
    const input = page.locator('input[type="file"]');
    await input.setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('These are my notes, not a photo.') });
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 }).toMatch(/^This file is not a photo/);

    await input.setInputFiles(fixture('portrait-obama.jpg'));
    await expect.poll(() => photoLoaded(page), { timeout: 60_000 }).toBe(true);
    expect(await page.locator('.face-outline').count()).toBe(1);
    expect(await page.getByText(/^Photo quality \d+\.\d → \d+\.\d$/).count()).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByLabel('Script', { exact: true }).fill('Hello from the browser.');
    await page.getByLabel('Title', { exact: true }).fill('Browser journey');
    await page.getByRole('button', { name: 'TikTok' }).click();
    await page.getByRole('button', { name: 'LinkedIn' }).click();
    await page.getByText('Free: made on this computer').waitFor();
    await page.evaluate(() => document.getElementById('main')?.scrollTo(0, 0));
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    // Nothing typed is lost on reload: the draft brings back the form and its photo.
    await page.waitForTimeout(800);
    await page.reload();
    await expect.poll(() => page.getByLabel('Script', { exact: true }).inputValue(), { timeout: 15_000 }).toBe('Hello from the browser.');
    await expect.poll(() => photoLoaded(page), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('button', { name: 'TikTok' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('button', { name: 'LinkedIn' }).getAttribute('aria-pressed')).toBe('true');

    await page.getByRole('button', { name: 'Generate video' }).click();
    await page.getByRole('heading', { level: 1, name: 'Queue' }).waitFor();
    expect(page.url()).toMatch(/#\/queue$/);
    await page.getByRole('progressbar', { name: 'Progress of Browser journey' }).waitFor({ timeout: 60_000 });
    await page.getByRole('region', { name: 'Finished' }).getByText('Done').waitFor({ timeout: 150_000 });
    expect(await page.getByRole('region', { name: 'Finished' }).getByRole('heading', { name: 'Browser journey' }).count()).toBe(1);

    // After a reload the draft is gone (the project was made) and the Library lists the project.
    await page.reload();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByLabel('Script', { exact: true }).inputValue()).toBe('');
    expect(await page.getByRole('img', { name: 'Your photo, enhanced' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByRole('heading', { level: 1, name: 'Library' }).waitFor();
    await page.getByRole('link', { name: 'Browser journey' }).first().waitFor({ timeout: 15_000 });
    expect(problems).toEqual([]);
    await context.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`shows a group photo's faces as buttons a keyboard can pick, and a refused file, without accessibility violations (${colorScheme})`, async () => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 720 }, colorScheme });
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${host!.firstLine.split('#')[0]!}#/create`);
      await page.getByRole('heading', { level: 1, name: 'Create' }).waitFor();
      const input = page.locator('input[type="file"]');
      await input.setInputFiles(fixture('two-faces.jpg'));
      await expect.poll(() => photoLoaded(page), { timeout: 60_000 }).toBe(true);
      const faces = page.getByRole('button', { name: /^Face \d of \d$/ });
      expect(await faces.count()).toBeGreaterThanOrEqual(2);

      // From the photo's heading, Tab reaches the first face; Space on the next picks it, with a visible focus ring.
      await page.getByRole('heading', { level: 2, name: 'Photo' }).click();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Face 1 of \d$/);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      const second = faces.nth(1);
      expect(await second.getAttribute('aria-pressed')).toBe('true');
      expect(await faces.first().getAttribute('aria-pressed')).toBe('false');
      expect(await second.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');

      await input.setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo') });
      await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 }).toMatch(/^This file is not a photo/);
      expect(await second.getAttribute('aria-pressed')).toBe('true');
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: path.join(path.dirname(SCREENSHOT), `create-screen-faces-${colorScheme}.png`) });

      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(results.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
      const overflow = await page.evaluate(() => {
        const main = document.getElementById('main')!;
        return { page: document.documentElement.scrollWidth - window.innerWidth, main: main.scrollWidth - main.clientWidth };
      });
      expect(overflow).toEqual({ page: 0, main: 0 });
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
