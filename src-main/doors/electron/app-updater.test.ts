import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AppUpdater } from 'electron-updater';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateState } from '../../../src-shared/ipc/update-channels.js';
import { silentLog } from '../../app/log/logger.js';
import { tempDir } from '../../../tests/support/fixtures.js';
import { installedApp, LocalHttpExecutor, sha512Base64, startFeedServer, type FeedServer } from '../../../tests/support/update-feed.js';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { createProject } from '../../app/library/index.js';
import { RenderQueue, type RenderRunner } from '../../app/queue/render-queue.js';
import { tempLibrary } from '../../../tests/library/library-fixtures.js';
import { fixture } from '../../../tests/support/fixtures.js';
import { checkOutcome, DesktopUpdates, queueActivity, type RenderActivity } from './app-updater.js';
import { feedFileName, updatesOffReason } from './update-feed.js';

/**
 * electron-updater's own updater classes (DebUpdater for Linux, NsisUpdater for Windows)
 * following a fake feed on 127.0.0.1, driven by DesktopUpdates as the app drives them.
 * Not exercised here, because they need Electron or another OS: Electron's `net` transport
 * (a plain Node one stands in), macOS's Squirrel install and its code-signature check,
 * PowerShell's Authenticode check (a verifier stands in for it, given the publisher the
 * way the library gives it), and the installers themselves (`quitAndInstall` is observed).
 */

const require = createRequire(import.meta.url);
const updaterLibrary = require('electron-updater') as typeof import('electron-updater');
const { parseUpdateInfo } = require('electron-updater/out/providers/Provider') as typeof import('electron-updater/out/providers/Provider.js');
const { GenericProvider } = require('electron-updater/out/providers/GenericProvider') as typeof import('electron-updater/out/providers/GenericProvider.js');
const { getChannelFilename } = require('electron-updater/out/util') as typeof import('electron-updater/out/util.js');

let feed: FeedServer;
let work: ReturnType<typeof tempDir>;
beforeEach(async () => {
  feed = await startFeedServer();
  work = tempDir('tp-updates-');
});
afterEach(async () => {
  await feed.close();
  work.cleanup();
});

const DEB = 'TalkingPhoto_0.2.0_amd64.deb';
const debBytes = Buffer.from('!<arch>\ndebian-binary   a stand-in for the 0.2.0 package\n'.repeat(2000));

const idleRenders: RenderActivity = { running: () => 0, onRenderEnded: () => () => undefined, hold: async () => undefined };

function linuxUpdater(version = '0.1.0'): { updater: AppUpdater; cacheDir: string } {
  const app = installedApp(path.join(work.dir, 'linux'), { version, feedUrl: feed.url });
  const updater = new updaterLibrary.DebUpdater(null, app);
  (updater as unknown as { httpExecutor: LocalHttpExecutor }).httpExecutor = new LocalHttpExecutor();
  return { updater, cacheDir: app.cacheDir };
}

function driver(updater: AppUpdater, renders: RenderActivity = idleRenders, currentVersion = '0.1.0'): { updates: DesktopUpdates; seen: UpdateState[] } {
  const updates = new DesktopUpdates({ updater, currentVersion, renders, log: silentLog, now: () => new Date('2026-12-06T10:00:00Z') });
  const seen: UpdateState[] = [];
  updates.onChange((state) => seen.push(state));
  return { updates, seen };
}

/** Resolves once the driver reaches `phase`. */
function reaches(updates: DesktopUpdates, phase: UpdateState['phase']): Promise<UpdateState> {
  return new Promise((resolve) => {
    if (updates.state().phase === phase) resolve(updates.state());
    const off = updates.onChange((state) => {
      if (state.phase !== phase) return;
      off();
      resolve(state);
    });
  });
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

describe('the update feed', () => {
  it('reads a latest-linux.yml as electron-builder writes it, and refuses one that is not YAML', () => {
    const text =
      "version: 0.2.0\nfiles:\n  - url: TalkingPhoto_0.2.0_amd64.deb\n    sha512: abc\n    size: 12\npath: TalkingPhoto_0.2.0_amd64.deb\nsha512: abc\nreleaseDate: '2026-12-01T10:00:00.000Z'\n";
    const info = parseUpdateInfo(text, 'latest-linux.yml', new URL(`${feed.url}/latest-linux.yml`));
    expect(info).toMatchObject({ version: '0.2.0', files: [{ url: DEB, sha512: 'abc', size: 12 }] });
    expect(() => parseUpdateInfo('version: [0.2.0\nfiles: {', 'latest-linux.yml', new URL(`${feed.url}/latest-linux.yml`))).toThrow(/Cannot parse update info from latest-linux.yml/);
  });

  it('refuses a feed whose version is not a version, or that is missing, with a sentence', async () => {
    feed.put('latest-linux.yml', `version: newest\nfiles:\n  - url: ${DEB}\n    sha512: abc\n`);
    const { updater } = linuxUpdater();
    const { updates } = driver(updater);
    expect(await updates.check()).toMatchObject({ phase: 'failed', message: 'The update server’s answer could not be used: TalkingPhoto checks again later.' });
    const missing = linuxUpdater();
    feed.put('latest-linux.yml', '');
    expect((await driver(missing.updater).updates.check()).phase).toBe('failed');
  });

  it('names the feed file electron-updater asks for on each OS', () => {
    const { updater } = linuxUpdater();
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const provider = new GenericProvider({ provider: 'generic', url: feed.url }, updater, { platform, executor: new LocalHttpExecutor(), isUseMultipleRangeRequest: false });
      const asked = getChannelFilename((provider as unknown as { channel: string }).channel);
      expect(feedFileName(platform, process.arch)).toBe(asked);
    }
  });
});

describe('updates followed from a feed on 127.0.0.1 by electron-updater in plain Node', () => {
  it('finds a newer version, downloads it, checks its sha512 and offers the restart', async () => {
    feed.release({ feedFile: 'latest-linux.yml', version: '0.2.0', file: DEB, bytes: debBytes });
    const { updater, cacheDir } = linuxUpdater();
    const { updates, seen } = driver(updater);
    const ready = reaches(updates, 'ready');
    const answer = await updates.check();
    expect(answer.phase).toMatch(/downloading|ready/);
    expect(await ready).toMatchObject({ phase: 'ready', version: '0.2.0', currentVersion: '0.1.0', restartWhenIdle: false });
    expect(seen.map((state) => state.phase)).toEqual(expect.arrayContaining(['checking', 'downloading', 'ready']));
    expect(feed.requests).toEqual(expect.arrayContaining(['/latest-linux.yml', `/${DEB}`]));
    expect(filesUnder(cacheDir)).toContain(DEB);
    expect(checkOutcome(updates.state()).title).toBe('TalkingPhoto 0.2.0 is ready');
  });

  it('does not offer the version already installed, nor an older one', async () => {
    feed.release({ feedFile: 'latest-linux.yml', version: '0.2.0', file: DEB, bytes: debBytes });
    for (const installed of ['0.2.0', '0.3.1']) {
      const { updater, cacheDir } = linuxUpdater(installed);
      const { updates } = driver(updater, idleRenders, installed);
      expect(await updates.check()).toMatchObject({ phase: 'current', version: null, checkedAt: '2026-12-06T10:00:00.000Z' });
      expect(filesUnder(cacheDir)).toEqual([]);
      expect(checkOutcome(updates.state())).toEqual({ title: 'TalkingPhoto is up to date', detail: `Version ${installed} is the latest.` });
    }
    expect(feed.requests).not.toContain(`/${DEB}`);
  });

  it('refuses a download whose sha512 is not the published one, and keeps none of it', async () => {
    feed.release({ feedFile: 'latest-linux.yml', version: '0.2.0', file: DEB, bytes: debBytes, publishedSha512: sha512Base64(Buffer.from('another file')) });
    const { updater, cacheDir } = linuxUpdater();
    const quit = vi.spyOn(updater, 'quitAndInstall');
    const { updates } = driver(updater);
    const failed = reaches(updates, 'failed');
    await updates.check();
    expect(await failed).toMatchObject({ phase: 'failed', message: expect.stringMatching(/did not match its published checksum/) });
    expect(feed.requests).toContain(`/${DEB}`);
    expect(filesUnder(cacheDir).filter((name) => name.endsWith('.deb'))).toEqual([]);
    // Nothing to restart into.
    expect((await updates.restart()).phase).toBe('failed');
    expect(quit).not.toHaveBeenCalled();
  });

  it('on Windows, refuses an installer whose publisher check fails, asking with app-update.yml’s publisher', async () => {
    const exe = Buffer.from('MZ a stand-in for TalkingPhoto Setup 0.2.0.exe'.repeat(500));
    feed.release({ feedFile: 'latest.yml', version: '0.2.0', file: 'TalkingPhoto-Setup-0.2.0.exe', bytes: exe });
    const app = installedApp(path.join(work.dir, 'windows'), { version: '0.1.0', feedUrl: feed.url, publisherName: 'TalkingPhoto Ltd' });
    const updater = new updaterLibrary.NsisUpdater(null, app);
    (updater as unknown as { httpExecutor: LocalHttpExecutor }).httpExecutor = new LocalHttpExecutor();
    // The library's switch for "this runs as another OS": the feed is latest.yml, no differential download.
    (updater as unknown as { _testOnlyOptions: { platform: string } })._testOnlyOptions = { platform: 'win32' };
    const asked: string[][] = [];
    // Stands in for PowerShell's Get-AuthenticodeSignature: the file is signed by someone else.
    updater.verifyUpdateCodeSignature = async (publishers) => {
      asked.push(publishers);
      return 'the signature is by Someone Else Inc, not TalkingPhoto Ltd';
    };
    const { updates } = driver(updater);
    const failed = reaches(updates, 'failed');
    await updates.check();
    expect(await failed).toMatchObject({ message: 'The downloaded update is not signed by TalkingPhoto’s publisher, so it was deleted.' });
    expect(asked).toEqual([['TalkingPhoto Ltd']]);
    expect(feed.requests).toEqual(expect.arrayContaining(['/latest.yml', '/TalkingPhoto-Setup-0.2.0.exe']));
    expect(filesUnder(app.cacheDir).filter((name) => name.endsWith('.exe'))).toEqual([]);
  });

  it('says the server could not be reached when the feed is down', async () => {
    const { updater } = linuxUpdater();
    const { updates } = driver(updater);
    await feed.close();
    expect(await updates.check()).toMatchObject({ phase: 'failed', message: expect.stringMatching(/could not be reached/) });
    expect(checkOutcome(updates.state()).title).toBe('No update was installed');
  });
});

describe('restart to update', () => {
  /** A queue stand-in with one render running until `end()`. */
  function oneRender(): RenderActivity & { end(): void; held: number } {
    let running = 1;
    const ended = new Set<() => void>();
    const activity = {
      held: 0,
      running: () => running,
      onRenderEnded: (listener: () => void) => {
        ended.add(listener);
        return () => ended.delete(listener);
      },
      hold: async () => {
        activity.held += 1;
      },
      end: () => {
        running = 0;
        for (const listener of [...ended]) listener();
      },
    };
    return activity;
  }

  it('never installs while a render runs: it waits, then closes the queue and restarts into the update', async () => {
    feed.release({ feedFile: 'latest-linux.yml', version: '0.2.0', file: DEB, bytes: debBytes });
    const { updater } = linuxUpdater();
    const quit = vi.spyOn(updater, 'quitAndInstall').mockImplementation(() => undefined);
    const render = oneRender();
    const { updates } = driver(updater, render);
    const ready = reaches(updates, 'ready');
    await updates.check();
    await ready;

    expect(await updates.restart()).toMatchObject({ phase: 'ready', restartWhenIdle: true });
    expect(checkOutcome(updates.state()).detail).toMatch(/as soon as the running render finishes/);
    expect(quit).not.toHaveBeenCalled();
    expect(render.held).toBe(0);

    render.end();
    expect(render.held).toBe(1);
    expect(quit).toHaveBeenCalledWith(true, true);
    expect(updates.state().restartWhenIdle).toBe(false);
  });

  it('restarts at once when nothing renders, and does nothing before an update is ready', async () => {
    feed.release({ feedFile: 'latest-linux.yml', version: '0.2.0', file: DEB, bytes: debBytes });
    const { updater } = linuxUpdater();
    const quit = vi.spyOn(updater, 'quitAndInstall').mockImplementation(() => undefined);
    const { updates } = driver(updater);
    expect((await updates.restart()).phase).toBe('idle');
    expect(quit).not.toHaveBeenCalled();
    const ready = reaches(updates, 'ready');
    await updates.check();
    await ready;
    await updates.restart();
    expect(quit).toHaveBeenCalledTimes(1);
  });
});

describe('the render queue, as the restart asks it', () => {
  it('counts the running render, hears it end, and once held starts no queued job', async () => {
    const temp = tempLibrary();
    try {
      const library = temp.library;
      const releases: Array<() => void> = [];
      const started: string[] = [];
      // Each render waits for the test, then fails as bad input (no retry), which ends it.
      const run: RenderRunner = (request) =>
        new Promise((_resolve, reject) => {
          started.push(request.title ?? '');
          releases.push(() => reject(new TalkingPhotoError('NO_FACE', 'No face.')));
        });
      const queue = new RenderQueue({ library, run });
      const first = await createProject(library, { type: 'avatar_presentation', title: 'first', photoPath: fixture('portrait-obama.jpg'), script: 'One.' });
      const second = await createProject(library, { type: 'avatar_presentation', title: 'second', photoPath: fixture('portrait-obama.jpg'), script: 'Two.' });
      queue.enqueue(first.id);
      queue.enqueue(second.id);
      await queue.start();
      await vi.waitFor(() => expect(started).toEqual(['first']));

      const renders = queueActivity(queue);
      expect(renders.running()).toBe(1);
      let heldWhenEnded = false;
      const ended = new Promise<void>((resolve) =>
        renders.onRenderEnded(() => {
          // What DesktopUpdates does once the last render ends: close the queue before it takes the next job.
          if (renders.running() === 0) {
            void renders.hold();
            heldWhenEnded = true;
          }
          resolve();
        }),
      );
      releases[0]!();
      await ended;
      expect(heldWhenEnded).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(started).toEqual(['first']);
      expect(queue.jobs().find((job) => job.projectId === second.id)?.state).toBe('queued');
      await queue.stop();
    } finally {
      temp.cleanup();
    }
  });
});

describe('when updates are off', () => {
  it('is off in a development build and in a Linux copy that is neither the AppImage nor the .deb, with the reason', () => {
    expect(updatesOffReason({ packaged: false, platform: 'darwin', env: {}, packageType: null })).toMatch(/development build/);
    expect(updatesOffReason({ packaged: true, platform: 'linux', env: {}, packageType: null })).toMatch(/not installed from the AppImage or the \.deb/);
    expect(updatesOffReason({ packaged: true, platform: 'linux', env: { APPIMAGE: '/home/maya/TalkingPhoto.AppImage' }, packageType: null })).toBeNull();
    expect(updatesOffReason({ packaged: true, platform: 'linux', env: {}, packageType: 'deb' })).toBeNull();
    expect(updatesOffReason({ packaged: true, platform: 'win32', env: { TALKINGPHOTO_UPDATES: 'off' }, packageType: null })).toMatch(/turned off/);
    expect(updatesOffReason({ packaged: true, platform: 'win32', env: {}, packageType: null })).toBeNull();
  });
});
