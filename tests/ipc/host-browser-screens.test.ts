import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, REPO_ROOT, tempDir } from '../support/fixtures.js';
import { HostSocket, type HostProcess } from '../support/host.js';
import { startRendererInBrowser } from '../support/browser.js';

/**
 * Every screen of the real renderer in Debian's Chromium, through the host, over a
 * library holding a finished (with an export kit), a failed and a waiting project: no
 * WCAG A/AA violation (axe) in either theme at 1280×720 and 1920×1080, nothing wider
 * than the window, keyboard focus visible. The result screens of the finished and the
 * failed project are among them, and a second kit tab chosen with the arrow key.
 * A picture of each is saved under test-results/screens (TP_SCREENSHOTS names another
 * folder, or `0` for none).
 */
const chosen = process.env.TP_SCREENSHOTS;
const SCREENSHOTS = chosen === '0' ? undefined : chosen && chosen !== '1' ? chosen : path.join(REPO_ROOT, 'test-results', 'screens');
const work = tempDir('tp-host-screens-');
let host: HostProcess | undefined;
let browser: Browser | undefined;
let finishedId = '';
let failedId = '';

const SCREENS = ['create', 'queue', 'library', 'settings', 'diagnostics'] as const;
const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

async function fillLibrary(socket: HostSocket): Promise<void> {
  const made = await socket.request('projects:create', {
    type: 'product_demo',
    title: 'Spring sale: everything half price',
    photoPath: fixture('portrait-obama.jpg'),
    script: 'Everything in the shop is half price this week.',
    platforms: ['tiktok', 'instagram-reels', 'youtube-shorts', 'linkedin'],
  });
  if (!made.ok) throw new Error(made.error.message);
  finishedId = made.value.projectId;
  // A flat grey picture has no face: its render fails with a sentence for the creator.
  const blank = path.join(work.dir, 'no-face.jpg');
  await sharp({ create: { width: 400, height: 400, channels: 3, background: '#888888' } })
    .jpeg()
    .toFile(blank);
  const broken = await socket.request('projects:create', { type: 'educational', title: 'Lesson one', photoPath: blank, script: 'Welcome to lesson one.' });
  if (!broken.ok) throw new Error(broken.error.message);
  failedId = broken.value.projectId;
  const waiting = await socket.request('projects:create', { type: 'lifestyle_content', photoPath: fixture('portrait-biden-tall.jpg'), script: 'Morning routine.' });
  if (!waiting.ok) throw new Error(waiting.error.message);

  for (const projectId of [finishedId, failedId]) {
    const job = await socket.request('jobs:enqueue', { projectId, width: 256, height: 448, fps: 12, verify: false });
    if (!job.ok) throw new Error(job.error.message);
    await socket.waitForEvent('job:finished', (event) => event.jobId === job.value.jobId && event.state !== 'retrying', 90_000);
  }
}

/** The chosen kit tab once its texts are read: the post text's Copy button and the caption lines. */
async function kitTabRead(page: Page): Promise<void> {
  const panel = page.getByRole('tabpanel');
  await panel.getByRole('button', { name: 'Copy' }).waitFor();
  await panel.locator('.cue-list li').first().waitFor();
  await panel.locator('ol.upload-steps li').first().waitFor();
  await page.waitForLoadState('networkidle');
}

async function expectNoViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = results.violations.map((v) => `${label}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(found).toEqual([]);
}

describe('every screen in a browser, through the host', () => {
  beforeAll(async () => {
    ({ host, browser } = await startRendererInBrowser());
    const socket = await HostSocket.open(host);
    try {
      await fillLibrary(socket);
    } finally {
      socket.close();
    }
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    work.cleanup();
  });

  for (const viewport of VIEWPORTS) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`shows every screen without accessibility violations or overflow at ${viewport.width}×${viewport.height}, ${colorScheme}`, async () => {
        const context = await browser!.newContext({ viewport, colorScheme });
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(error.message));
        const base = host!.firstLine.split('#')[0]!;

        const check = async (name: string): Promise<void> => {
          if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
          await expectNoViolations(page, name);
          const overflow = await page.evaluate(() => {
            const main = document.getElementById('main')!;
            return { page: document.documentElement.scrollWidth - window.innerWidth, main: main.scrollWidth - main.clientWidth };
          });
          expect(overflow, name).toEqual({ page: 0, main: 0 });
        };

        for (const screen of [...SCREENS, `library/${finishedId}`, `library/${failedId}`, `project/${finishedId}`, `project/${failedId}`]) {
          await page.goto(`${base}#/${screen}`);
          await page.getByRole('heading', { level: 1 }).waitFor();
          await page.waitForLoadState('networkidle');
          if (screen.startsWith('library/')) await page.getByRole('complementary').getByRole('heading', { level: 3, name: 'Quality' }).waitFor();
          if (screen === 'diagnostics') await page.getByRole('table').waitFor();
          if (screen === `project/${failedId}`) await page.getByRole('button', { name: 'Retry' }).waitFor();
          if (screen === `project/${finishedId}`) await kitTabRead(page);
          const name = `${viewport.width}x${viewport.height}-${colorScheme}-${screen.replace(finishedId, 'finished').replace(failedId, 'failed').replace('/', '-')}`;
          await check(name);

          if (screen === `project/${finishedId}`) {
            // The next platform, chosen from the keyboard, with a guide opened below the tabs.
            await page.getByRole('tab', { selected: true }).focus();
            await page.keyboard.press('ArrowRight');
            expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-selected'))).toBe('true');
            await kitTabRead(page);
            await page
              .getByRole('button', { name: /^Show guide/ })
              .first()
              .click();
            await page.locator('.guide-text').first().waitFor();
            await page.getByRole('tablist').scrollIntoViewIfNeeded();
            await check(`${name}-second-tab`);
            if (SCREENSHOTS) {
              for (const [part, region] of [
                ['texts', '.kit-sections'],
                ['guides', '.guide-list'],
              ] as const) {
                await page.locator(region).scrollIntoViewIfNeeded();
                await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-second-tab-${part}.png`) });
              }
            }
          }
        }
        expect(problems).toEqual([]);
        await context.close();
      });
    }
  }

  it('is usable from the keyboard: skip link first, visible focus, Settings theme overriding the system', async () => {
    const context = await browser!.newContext({ viewport: VIEWPORTS[0], colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(`${host!.firstLine.split('#')[0]!}#/library`);
    await page.getByRole('heading', { level: 1, name: 'Library' }).waitFor();

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return { text: document.activeElement?.textContent, outline: style.outlineStyle, width: style.outlineWidth };
    });
    expect(ring).toEqual({ text: 'Create', outline: 'solid', width: '3px' });

    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Create' }).waitFor();
    expect(page.url()).toMatch(/#\/create$/);

    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const light = await background();
    await page.goto(`${host!.firstLine.split('#')[0]!}#/settings`);
    await page.getByRole('radio', { name: /^Dark/ }).check();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await background()).not.toBe(light);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(await page.getByRole('radio', { name: /^Dark/ }).isChecked()).toBe(true);
    expect(await background()).not.toBe(light);
    await context.close();
  });
});
