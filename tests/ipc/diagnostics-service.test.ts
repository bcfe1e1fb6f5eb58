import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diagnosticsHandlers } from '../../src-main/app/ipc/diagnostics-service.js';
import type { SenderContext } from '../../src-main/app/ipc/dispatcher.js';
import type { PlatformShell, SaveFileChoice } from '../../src-main/app/ipc/platform-shell.js';
import { MediaFolders } from '../../src-main/app/media-access/media-access.js';
import { tempLibrary, type TempLibrary } from '../library/library-fixtures.js';
import { seedJobs } from '../support/diagnostics-seed.js';
import { zipEntryNames } from '../support/zip.js';

/**
 * The diagnostics channels behind the window, on a real library: the overview's figures,
 * and where "Save diagnostics bundle…" puts the zip in the desktop app (the file its save
 * dialog chose, nothing when dismissed) and in the host (the library's cache, shared for
 * the page to download).
 */

let t: TempLibrary;
beforeEach(() => {
  t = tempLibrary();
});
afterEach(() => t.cleanup());

const SENDER: SenderContext = { transport: 'in-process', id: 'test', trusted: true };

function shell(kind: 'desktop' | 'host', chosen: string | null = null, asked: SaveFileChoice[] = [], shown: string[] = []): PlatformShell {
  const refuse = async (): Promise<never> => {
    throw new Error('not used here');
  };
  return {
    frontDoor: kind,
    capabilities: { nativeDialogs: kind === 'desktop', showInFolder: kind === 'desktop', recordings: true },
    pickPhoto: refuse,
    openExternal: refuse,
    showInFolder: async (file) => {
      if (kind === 'host') throw new Error('the host has no file manager');
      shown.push(file);
    },
    chooseFolder: refuse,
    chooseExportFile: async (_sender, _typed, what) => {
      if (kind === 'host') throw new Error('the host has no save dialog');
      if (what) asked.push(what);
      return chosen;
    },
    checkInputFiles: () => undefined,
  };
}

describe('diagnostics channels', () => {
  it('answers the overview from the library and this machine', async () => {
    seedJobs(t.library, [{ state: 'completed', durationMs: 30_000 }, { state: 'failed' }]);
    const handlers = diagnosticsHandlers({ library: t.library, shell: shell('host'), media: new MediaFolders(), appVersion: '0.1.0', home: t.dataDir });
    const overview = await handlers['diagnostics:overview'](undefined, SENDER);
    expect(overview.renders).toMatchObject({ successRate: 0.5, averageRenderMs: 30_000 });
    expect(overview.machine.disk?.folder).toBe(t.dataDir);
    expect(overview.spend).toEqual({ todaySpentUsd: 0, monthSpentUsd: 0, dailyCapUsd: 5, alert: null });
  });

  it('writes the bundle where the desktop save dialog chose and shows it in the file manager, and nothing when the dialog was dismissed', async () => {
    const asked: SaveFileChoice[] = [];
    const shown: string[] = [];
    const target = path.join(t.scratch, 'for-the-bug.zip');
    const handlers = diagnosticsHandlers({ library: t.library, shell: shell('desktop', target, asked, shown), media: new MediaFolders(), appVersion: '0.1.0', home: t.dataDir });
    const saved = await handlers['diagnostics:saveBundle'](undefined, SENDER);
    expect(saved).toMatchObject({ file: target, download: null });
    expect(asked[0]?.title).toBe('Save diagnostics bundle');
    expect(shown).toEqual([target]);
    expect(asked[0]?.defaultName).toMatch(/^talkingphoto-diagnostics-.*\.zip$/);
    expect(await zipEntryNames(target)).toEqual(['README.txt', 'diagnostics.json', 'environment.json', 'library-health.json', 'settings.json', 'versions.json']);

    const dismissed = diagnosticsHandlers({ library: t.library, shell: shell('desktop', null), media: new MediaFolders(), appVersion: '0.1.0', home: t.dataDir });
    expect(await dismissed['diagnostics:saveBundle'](undefined, SENDER)).toEqual({ file: null, download: null, bytes: 0, entries: [] });
  });

  it('leaves the host a bundle in the library cache that the page may download, and keeps only the newest three', async () => {
    const media = new MediaFolders();
    const handlers = diagnosticsHandlers({ library: t.library, shell: shell('host'), media, appVersion: '0.1.0', home: t.dataDir });
    let last;
    for (let i = 0; i < 4; i += 1) {
      last = await handlers['diagnostics:saveBundle'](undefined, SENDER);
      // Bundle names carry the time to the millisecond.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(last!.file).toBeNull();
    const ref = last!.download!;
    expect(ref.path).toMatch(/^cache\/diagnostics\/talkingphoto-diagnostics-.*\.zip$/);
    const found = await media.lookup(`${ref.root}/${ref.path}`);
    expect(found.ok).toBe(true);
    expect(existsSync(path.join(t.dataDir, ...ref.path.split('/')))).toBe(true);
    expect(readdirSync(path.join(t.library.paths.cache, 'diagnostics')).filter((n) => n.endsWith('.zip'))).toHaveLength(3);
    // Only the bundle is shared, not the rest of the library.
    expect((await media.lookup(`${ref.root}/library.db`)).ok).toBe(false);
  });
});
