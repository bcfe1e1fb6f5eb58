import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openLibrary } from '../../app/library/index.js';

/**
 * main.ts itself, with Electron played by a recorder (there is no Electron binary on a
 * test machine): the glue must ask for the single-instance lock before it opens the
 * library, and a copy that may not run must leave the data folder as it found it.
 */

const calls: string[] = [];
const electron = vi.hoisted(() => ({ firstCopy: true, listeners: new Map<string, (...args: unknown[]) => void>() }));

/** Any Electron object: every property is a callable stub that records nothing. */
function stub(): unknown {
  const fn = (): unknown => stub();
  return new Proxy(fn, { get: (_t, key) => (key === 'then' ? undefined : stub()) });
}

vi.mock('electron', () => {
  const app = new Proxy(
    {
      requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), electron.firstCopy),
      quit: () => void calls.push('quit'),
      exit: (code: number) => void calls.push(`exit(${code})`),
      enableSandbox: () => void calls.push('enableSandbox'),
      setAsDefaultProtocolClient: () => void calls.push('setAsDefaultProtocolClient'),
      // Nothing past `ready` belongs to this test.
      whenReady: () => (calls.push('whenReady'), new Promise(() => undefined)),
      on: (event: string, listener: (...args: unknown[]) => void) => {
        calls.push(`on(${event})`);
        electron.listeners.set(event, listener);
      },
      getPath: () => process.env.TALKINGPHOTO_DATA_DIR,
      getVersion: () => '0.0.0-test',
      getAppPath: () => process.cwd(),
      isPackaged: false,
    } as Record<string | symbol, unknown>,
    { get: (target, key) => (key in target ? target[key] : key === 'then' ? undefined : stub()) },
  );
  const dialog = { showErrorBox: (title: string, message: string) => void calls.push(`showErrorBox: ${message}`) };
  const crashReporter = {
    start: (options: { uploadToServer: boolean }) => void calls.push(`crashReporter.start(upload ${options.uploadToServer})`),
    setUploadToServer: (upload: boolean) => void calls.push(`crashReporter.setUploadToServer(${upload})`),
  };
  return new Proxy({ app, dialog, crashReporter, default: { app, dialog, crashReporter } } as Record<string | symbol, unknown>, {
    get: (target, key) => (key in target ? target[key] : key === 'then' ? undefined : stub()),
    has: () => true,
  });
});

const work = mkdtempSync(path.join(os.tmpdir(), 'tp-main-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;
beforeEach(() => {
  calls.length = 0;
  vi.resetModules();
  process.env.TALKINGPHOTO_DATA_DIR = path.join(work, `data-${++n}`);
});

describe('electron/main.ts', () => {
  it('quits a second copy before it touches the data folder', async () => {
    electron.firstCopy = false;
    await import('./main.js');
    const mine = calls.filter((c) => c !== 'whenReady' && !c.startsWith('on('));
    expect(mine).toEqual(['requestSingleInstanceLock', 'quit']);
    // Not even created: no library, no lease, no sweep of a running render's tmp/.
    expect(existsSync(process.env.TALKINGPHOTO_DATA_DIR!)).toBe(false);
  });

  it('shows why and leaves when the host owns the library, never opening a window', async () => {
    electron.firstCopy = true;
    const dataDir = process.env.TALKINGPHOTO_DATA_DIR!;
    const host = openLibrary({ dataDir, startFresh: true, holder: 'host' });
    try {
      await import('./main.js');
      const mine = calls.filter((c) => c !== 'whenReady' && !c.startsWith('on('));
      expect(mine).toEqual([
        'requestSingleInstanceLock',
        // Local minidumps from the first moment; nothing is uploaded before the creator opts in.
        'crashReporter.start(upload false)',
        'enableSandbox',
        `showErrorBox: The project library in ${dataDir} is open in the TalkingPhoto host (npm run host), process ${process.pid}: close it first, then try again.`,
        'exit(1)',
      ]);
      // Beside the host's library: only the crash folder and the log that says why the app left.
      expect(readdirSync(dataDir).sort()).toEqual(['crashes', 'library.db', 'library.db-shm', 'library.db-wal', 'logs', 'owner.json', 'owner.lock']);
      const logged = readFileSync(path.join(dataDir, 'logs', 'talkingphoto.log'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged).toContainEqual(expect.objectContaining({ level: 'warn', proc: 'main', module: 'electron/main', msg: 'the library could not be opened' }));

      // A render's utility process that crashes is named in the log beside its minidump.
      electron.listeners.get('child-process-gone')?.({}, { type: 'Utility', name: 'TalkingPhoto render', reason: 'crashed', exitCode: 11 });
      const last = readFileSync(path.join(dataDir, 'logs', 'talkingphoto.log'), 'utf8')
        .trim()
        .split('\n')
        .at(-1)!;
      expect(JSON.parse(last)).toMatchObject({ level: 'error', msg: 'child process gone', type: 'Utility', name: 'TalkingPhoto render', reason: 'crashed', exitCode: 11 });
    } finally {
      host.close();
    }
  });
});
