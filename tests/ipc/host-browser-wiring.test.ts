import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRendererInBrowser } from '../support/browser.js';
import { fixture, tempDir } from '../support/fixtures.js';
import { HostSocket, type HostProcess } from '../support/host.js';

/**
 * Channels the window now calls, in Chromium through the host. Duplicate in the library's
 * project panel: the copy is made by `projects:duplicate` with the original's photo, script
 * and platforms, the panel turns to it, and "Render the copy" queues it. Settings → Updates:
 * the host has no installer to replace, so it says why and offers no check.
 * TP_SCREENSHOTS=folder keeps a picture of each, as the screens test does.
 */

async function keepPicture(page: Page, name: string): Promise<void> {
  const shots = process.env.TP_SCREENSHOTS;
  if (shots && shots !== '0' && shots !== '1') await page.screenshot({ path: path.join(shots, name), fullPage: true });
}

const work = tempDir('tp-host-duplicate-');
let host: HostProcess | undefined;
let browser: Browser | undefined;
let originalId = '';

describe('the window’s wiring, in a browser through the host', () => {
  beforeAll(async () => {
    ({ host, browser } = await startRendererInBrowser());
    const socket = await HostSocket.open(host);
    try {
      const made = await socket.request('projects:create', {
        type: 'product_demo',
        title: 'Trail shoe launch',
        photoPath: fixture('portrait-obama.jpg'),
        script: 'Meet our new trail shoe, made for muddy mornings.',
        platforms: ['tiktok', 'linkedin'],
      });
      if (!made.ok) throw new Error(made.error.message);
      originalId = made.value.projectId;
    } finally {
      socket.close();
    }
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    work.cleanup();
  });

  it('makes a copy from the project panel, opens it, and queues its render', { timeout: 120_000 }, async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${host!.firstLine.split('#')[0]!}#/library/${originalId}`);
    const panel = page.getByRole('complementary');
    await panel.getByRole('heading', { level: 2, name: 'Trail shoe launch' }).waitFor();

    await panel.getByRole('button', { name: 'Duplicate' }).click();
    await panel.getByRole('heading', { level: 2, name: 'Trail shoe launch (copy)' }).waitFor();
    expect(await panel.getByRole('status').textContent()).toContain('A copy of “Trail shoe launch”');
    // The grid lists both, the copy under its own title.
    await page.getByRole('button', { name: 'Details of Trail shoe launch (copy)' }).waitFor();
    await page.getByRole('button', { name: 'Details of Trail shoe launch', exact: true }).waitFor();
    const copyId = /#\/library\/([0-9a-f-]+)$/.exec(page.url())?.[1];
    expect(copyId).toBeDefined();
    expect(copyId).not.toBe(originalId);

    const socket = await HostSocket.open(host!);
    try {
      const copy = await socket.request('projects:get', { projectId: copyId! });
      if (!copy.ok) throw new Error(copy.error.message);
      expect(copy.value).toMatchObject({
        title: 'Trail shoe launch (copy)',
        status: 'pending',
        script: 'Meet our new trail shoe, made for muddy mornings.',
        platforms: ['tiktok', 'linkedin'],
        type: 'product_demo',
      });

      await panel.getByRole('button', { name: 'Render the copy' }).click();
      await panel.getByText('Queued.').waitFor();
      await keepPicture(page, 'library-duplicate.png');
      const jobs = await socket.request('jobs:list');
      if (!jobs.ok) throw new Error(jobs.error.message);
      expect(jobs.value.jobs.filter((job) => job.projectId === copyId)).toHaveLength(1);
      expect(jobs.value.jobs.filter((job) => job.projectId === originalId)).toHaveLength(0);
      // Stop the copy's render: this test is about the wiring, not the video.
      for (const job of jobs.value.jobs) await socket.request('jobs:cancel', { jobId: job.id });
    } finally {
      socket.close();
    }
    expect(problems).toEqual([]);
  });

  it('Settings → Updates shows the version and the host’s reason for having no updates', { timeout: 60_000 }, async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${host!.firstLine.split('#')[0]!}#/settings`);
    const updates = page.getByRole('region', { name: 'Updates' });
    await updates.getByText(/^TalkingPhoto \d+\.\d+\.\d+/).waitFor();
    expect(await updates.locator('.update-line').textContent()).toMatch(/\S/);
    expect(await updates.getByRole('button').count()).toBe(0);
    await updates.scrollIntoViewIfNeeded();
    await keepPicture(page, 'settings-updates.png');
    expect(problems).toEqual([]);
  });
});
