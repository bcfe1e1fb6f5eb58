import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererBuildState } from '../../src-main/doors/host/renderer-build.js';
import { REPO_ROOT, tempDir } from '../support/fixtures.js';
import { startHostProcess } from '../support/host.js';

const OLD = new Date('2001-01-01T00:00:00Z');

describe('npm run host and its window', () => {
  it('tells a missing, a stale and a fresh build apart by the source beside it', () => {
    const work = tempDir('tp-renderer-state-');
    try {
      const out = path.join(work.dir, 'dist', 'renderer');
      mkdirSync(path.join(work.dir, 'src-renderer', 'screens'), { recursive: true });
      writeFileSync(path.join(work.dir, 'src-renderer', 'screens', 'Create.tsx'), 'export {};');
      expect(rendererBuildState(work.dir, out)).toBe('missing');
      mkdirSync(out, { recursive: true });
      writeFileSync(path.join(out, 'index.html'), '<!doctype html>');
      expect(rendererBuildState(work.dir, out)).toBe('fresh');
      utimesSync(path.join(out, 'index.html'), OLD, OLD);
      expect(rendererBuildState(work.dir, out)).toBe('stale');
      // A test file changes nothing the window shows.
      writeFileSync(path.join(out, 'index.html'), '<!doctype html>');
      writeFileSync(path.join(work.dir, 'src-renderer', 'screens', 'Create.test.tsx'), 'export {};');
      utimesSync(path.join(work.dir, 'src-renderer', 'screens', 'Create.test.tsx'), new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
      expect(rendererBuildState(work.dir, out)).toBe('fresh');
    } finally {
      work.cleanup();
    }
  });

  it('builds dist/renderer when it is older than its source, and the page reloads itself until it is there', async () => {
    const out = path.join(REPO_ROOT, 'dist', 'renderer');
    const index = path.join(out, 'index.html');
    // Stale (or missing, in a fresh clone): either way the host must build before serving.
    if (existsSync(index)) utimesSync(index, OLD, OLD);
    const started = Date.now();
    const data = tempDir('tp-renderer-host-');
    const host = await startHostProcess({ TALKINGPHOTO_DATA_DIR: data.dir }, { ownRenderer: true });
    try {
      const first = await fetch(host.url);
      expect(first.status).toBe(503);
      expect(first.headers.get('retry-after')).toBe('3');
      const waiting = await first.text();
      expect(waiting).toMatch(/building its window/);
      expect(waiting).toMatch(/<meta http-equiv="refresh" content="3">/);

      let page = first;
      const deadline = Date.now() + 240_000;
      while (page.status !== 200 && Date.now() < deadline) {
        // Asked more often than the page's own 3 s refresh: the test sees the build end sooner, the host answers the same.
        await new Promise((resolve) => setTimeout(resolve, 250));
        page = await fetch(host.url);
      }
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root">/);
      expect(statSync(index).mtimeMs).toBeGreaterThan(started - 1000);
      expect(readdirSync(path.dirname(out)).filter((name) => name.startsWith('renderer.'))).toEqual([]);
      // The first stdout line stayed the URL alone: Vite's output went to stderr.
      expect(host.firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    } finally {
      expect(await host.stop()).toBe(0);
      data.cleanup();
    }
  }, 300_000);
});
