import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
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
 * (host-browser-screens.test.ts), in both themes. Then the made video: its Result with the
 * video served, the kit's platform tabs (keyboard too), checks in words and a post text
 * copied to the clipboard; and a second render cancelled midway, in the Queue and the
 * Library with Retry. Pictures of the Result's kit and the Queue are kept in test-results/.
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

/** A fresh page on the host's Create screen, with its problems watched. */
async function openCreate(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser!.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(host!.firstLine);
  await page.getByRole('heading', { level: 1, name: 'Create' }).waitFor();
  return { context, page, problems };
}

/** The fixture portrait through the file picker, until the enhanced photo is shown. */
async function pickPortrait(page: Page): Promise<void> {
  await page.locator('input[type="file"]').setInputFiles(fixture('portrait-obama.jpg'));
  await expect.poll(() => photoLoaded(page), { timeout: 60_000 }).toBe(true);
}

/** A job's row in the Queue, found by its project's title. */
const jobRow = (page: Page, title: string, where?: 'Finished') =>
  (where ? page.getByRole('region', { name: where }) : page).locator('li.job-row').filter({ has: page.getByRole('heading', { name: title, exact: true }) });

async function goTo(page: Page, screen: 'Library' | 'Queue' | 'Create'): Promise<void> {
  await page.getByRole('link', { name: screen }).click();
  await page.getByRole('heading', { level: 1, name: screen }).waitFor();
}

/** Saves a picture of the page, from the top of the screen or with `from` scrolled into view. */
async function picture(page: Page, name: string, from?: Locator): Promise<void> {
  if (from) await from.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  else await page.evaluate(() => document.getElementById('main')?.scrollTo(0, 0));
  mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: path.join(path.dirname(SCREENSHOT), name) });
}

/**
 * The `<video>` has a source the host serves as an MP4 (an `ftyp` box first). Playback is
 * not asserted: Debian's Chromium is built without an H.264 decoder, so the element could
 * never play the video there, though the creator's Electron (with proprietary codecs) does.
 */
async function expectServedMp4(page: Page, video: Locator): Promise<void> {
  const src = await video.evaluate((el: HTMLVideoElement) => el.src);
  expect(src).toMatch(/\/media\//);
  const served = await page.evaluate(async (url) => {
    const response = await fetch(url);
    const head = new Uint8Array(await response.arrayBuffer()).subarray(0, 12);
    return { status: response.status, type: response.headers.get('content-type'), box: String.fromCharCode(...head.subarray(4, 8)) };
  }, src);
  expect(served).toEqual({ status: 200, type: expect.stringMatching(/^video\/mp4/), box: 'ftyp' });
}

describe('the renderer in a browser, through the host', () => {
  beforeAll(async () => {
    ({ host, browser } = await startRendererInBrowser());
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    work.cleanup();
  });

  it('makes a video from a chosen photo and a script, shows it in the Queue until it is made, then in the Library, and opens its Result and kit', { timeout: 360_000 }, async () => {
    const { context, page, problems } = await openCreate();

    // A text file named like a photo: main reads the bytes and says so in the drop zone.
    const input = page.locator('input[type="file"]');
    await input.setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('These are my notes, not a photo.') });
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 }).toMatch(/^This file is not a photo/);

    await pickPortrait(page);
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
    expect(await jobRow(page, 'Browser journey', 'Finished').getByRole('button', { name: 'Open result of Browser journey' }).count()).toBe(1);

    // After a reload the draft is gone (the project was made) and the Library lists the project.
    await page.reload();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByLabel('Script', { exact: true }).inputValue()).toBe('');
    expect(await page.getByRole('img', { name: 'Your photo, enhanced' }).count()).toBe(0);
    await goTo(page, 'Library');
    await page.getByRole('link', { name: 'Browser journey' }).first().waitFor({ timeout: 15_000 });

    // The Library card opens the Result, whose video the host serves as an MP4.
    await page.getByRole('link', { name: 'Browser journey' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Browser journey' }).waitFor({ timeout: 15_000 });
    expect(page.url()).toMatch(/#\/project\/[^/]+$/);
    await expectServedMp4(page, page.getByRole('region', { name: 'Video' }).locator('video'));

    // The kit: one tab per platform picked; ArrowRight moves to the next and shows it.
    const tabs = page.getByRole('tablist', { name: 'Platforms' }).getByRole('tab');
    await tabs.first().waitFor({ timeout: 15_000 });
    expect((await tabs.allTextContents()).map((name) => name.replace(/\d+ issues?$/, '')).sort()).toEqual(['LinkedIn', 'TikTok']);
    const [first, second] = [(await tabs.nth(0).textContent())!, (await tabs.nth(1).textContent())!];
    await tabs.nth(0).click();
    expect(await tabs.nth(0).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight');
    expect(await tabs.nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await tabs.nth(0).getAttribute('aria-selected')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kit-tab-1');
    const panel = page.getByRole('tabpanel', { name: second });
    expect(await page.getByRole('tabpanel', { name: first }).isHidden()).toBe(true);
    await expectServedMp4(page, panel.locator('video'));

    // Checks are said in words (Passed / Failed), not only by colour or a mark.
    const checks = panel.locator('.check-list > li');
    await checks.first().waitFor();
    const checkTexts = await checks.allTextContents();
    expect(checkTexts.every((text) => /^(✓|!)(Passed|Failed) /.test(text))).toBe(true);
    expect(checkTexts.some((text) => text.startsWith('✓Passed '))).toBe(true);
    expect(await panel.locator('.checks-summary').textContent()).toMatch(/^(All \d+ checks passed|\d+ of \d+ checks failed)/);

    // Copy puts the post text shown on the clipboard and says so politely.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host!.firstLine).origin });
    const postText = panel.getByRole('region', { name: 'Post text' });
    const shown = (await postText.locator('pre').textContent({ timeout: 15_000 }))!;
    expect(shown.length).toBeGreaterThan(0);
    await postText.getByRole('button', { name: 'Copy' }).click();
    const status = postText.locator('[aria-live="polite"]');
    await expect.poll(() => status.textContent(), { timeout: 5_000 }).toBe('Copied');
    expect((await page.evaluate(() => navigator.clipboard.readText())).trimEnd()).toBe(shown);
    await picture(page, 'result-kit.png', page.getByRole('heading', { level: 2, name: 'Export kit' }));
    expect(problems).toEqual([]);
    await context.close();
  });

  it('cancels a render midway from the Queue: the job ends Cancelled, and the Library offers Retry', { timeout: 300_000 }, async () => {
    const TITLE = 'Cancelled midway';
    const { context, page, problems } = await openCreate();
    await pickPortrait(page);
    await page.getByLabel('Script', { exact: true }).fill(Array(15).fill('Hello from the browser, this is a longer video.').join(' '));
    await page.getByLabel('Title', { exact: true }).fill(TITLE);
    await page.getByRole('button', { name: 'TikTok' }).click();
    await page.getByRole('button', { name: 'Generate video' }).click();
    await page.getByRole('heading', { level: 1, name: 'Queue' }).waitFor();

    // Midway: once the row says it is animating, Cancel; the job is then Cancelled, in words.
    const row = jobRow(page, TITLE);
    await row.getByText(/^Animating — \d+%$/).waitFor({ timeout: 180_000 });
    await row.getByRole('button', { name: `Cancel ${TITLE}` }).click();
    const finished = jobRow(page, TITLE, 'Finished');
    await finished.getByText('Cancelled', { exact: true }).waitFor({ timeout: 60_000 });
    expect(await finished.getByRole('button', { name: /^Cancel/ }).count()).toBe(0);
    expect(await finished.getByRole('button', { name: `Open result of ${TITLE}` }).count()).toBe(0);
    await picture(page, 'queue.png');

    await goTo(page, 'Library');
    const card = page.locator('li.project-card').filter({ has: page.getByRole('link', { name: TITLE, exact: true }) });
    await card.getByText('Cancelled', { exact: true }).waitFor({ timeout: 15_000 });
    await card.getByRole('button', { name: `Details of ${TITLE}` }).click();
    const detail = page.getByRole('complementary', { name: TITLE });
    await detail.getByRole('button', { name: 'Retry' }).waitFor({ timeout: 15_000 });
    expect(await detail.getByRole('button', { name: 'Retry' }).isEnabled()).toBe(true);
    expect(await detail.getByText('Cancelled', { exact: true }).count()).toBe(1);
    expect(await detail.getByText('The render was cancelled.').count()).toBe(1);
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
