import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateState } from '../../src-shared/ipc/update-channels.js';
import { DesktopUpdates } from '../../src-main/doors/electron/app-updater.js';
import { HostShell } from '../../src-main/doors/host/host-shell.js';
import type { SenderContext } from '../../src-main/app/ipc/dispatcher.js';
import { createMainServices, type MainServices } from '../../src-main/app/ipc/main-services.js';
import { silentLog } from '../../src-main/app/log/logger.js';
import { tempLibrary, type TempLibrary } from '../library/library-fixtures.js';
import { installedApp, LocalHttpExecutor, startFeedServer, type FeedServer } from '../support/update-feed.js';

/**
 * The `updates:*` channels through main's dispatcher, as a window reaches them: the
 * headless host has no updates and says why; the desktop app's driver (electron-updater
 * against a feed on 127.0.0.1) is heard as `updates:changed` events that match the contract.
 */

const require = createRequire(import.meta.url);
const { DebUpdater } = require('electron-updater') as typeof import('electron-updater');
const SENDER: SenderContext = { transport: 'in-process', id: 'test', trusted: true };

let t: TempLibrary;
let feed: FeedServer;
let services: MainServices | undefined;
beforeEach(async () => {
  t = tempLibrary();
  feed = await startFeedServer();
});
afterEach(async () => {
  await services?.shutdown();
  services = undefined;
  await feed.close();
  t.cleanup();
});

describe('the updates channels', () => {
  it('answer off, with the reason, where there is no installer to update (the host, the CLI)', async () => {
    services = createMainServices({ shell: new HostShell(), appVersion: '0.1.0', log: silentLog, library: t.library, home: t.dataDir });
    for (const channel of ['updates:get', 'updates:check', 'updates:restart'] as const) {
      expect(await services.dispatcher.call(channel, {}, SENDER)).toEqual({
        ok: true,
        value: expect.objectContaining({ phase: 'off', currentVersion: '0.1.0', message: expect.stringMatching(/no installer to update/) }),
      });
    }
  });

  it('carry the desktop driver: a check from the window finds 0.2.0, and every window hears it become ready', async () => {
    feed.release({ feedFile: 'latest-linux.yml', version: '0.2.0', file: 'TalkingPhoto_0.2.0_amd64.deb', bytes: Buffer.from('a stand-in package '.repeat(500)) });
    const updater = new DebUpdater(null, installedApp(path.join(t.scratch, 'app'), { version: '0.1.0', feedUrl: feed.url }));
    (updater as unknown as { httpExecutor: LocalHttpExecutor }).httpExecutor = new LocalHttpExecutor();
    const quit = vi.spyOn(updater, 'quitAndInstall').mockImplementation(() => undefined);
    let running = 1;
    const ended = new Set<() => void>();
    const updates = new DesktopUpdates({
      updater,
      currentVersion: '0.1.0',
      log: silentLog,
      renders: { running: () => running, onRenderEnded: (listener) => (ended.add(listener), () => ended.delete(listener)), hold: async () => undefined },
    });
    services = createMainServices({ shell: new HostShell(), appVersion: '0.1.0', log: silentLog, library: t.library, home: t.dataDir, updates });
    const heard: UpdateState[] = [];
    services.events.subscribe((event, payload) => {
      if (event === 'updates:changed') heard.push(payload as UpdateState);
    });

    const checked = await services.dispatcher.call('updates:check', {}, SENDER);
    expect(checked).toMatchObject({ ok: true, value: { version: '0.2.0' } });
    await vi.waitFor(() => expect(heard.at(-1)?.phase).toBe('ready'));
    expect(heard.map((state) => state.phase)).toEqual(expect.arrayContaining(['checking', 'downloading', 'ready']));

    // A render runs: the restart waits, and says so.
    expect(await services.dispatcher.call('updates:restart', {}, SENDER)).toMatchObject({ ok: true, value: { phase: 'ready', restartWhenIdle: true } });
    expect(quit).not.toHaveBeenCalled();
    running = 0;
    for (const listener of ended) listener();
    expect(quit).toHaveBeenCalledTimes(1);
    expect(heard.at(-1)).toMatchObject({ phase: 'ready', restartWhenIdle: false });
  });
});
