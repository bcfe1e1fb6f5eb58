import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDispatcher, UNEXPECTED_MESSAGE, type HandlerMap, type SenderContext } from './dispatcher.js';
import { silentLog } from '../log/logger.js';

const window: SenderContext = { transport: 'in-process', id: 'test', trusted: true };

/** Only the channel under test answers; the others are never called here. */
function handlersWith(engineStatus: () => never): HandlerMap {
  return { 'engine:status': engineStatus } as unknown as HandlerMap;
}

describe('a request that meets a full or read-only data folder', () => {
  it('answers DISK_FULL with a sentence, not UNEXPECTED', async () => {
    // /dev/full: the kernel's own ENOSPC, as a write into a full data folder gets it.
    const dispatcher = createDispatcher({ handlers: handlersWith(() => writeFileSync('/dev/full', 'x') as never), log: silentLog, dataFolder: '/home/me/TalkingPhoto' });
    expect(await dispatcher.dispatch('engine:status', {}, window)).toEqual({
      ok: false,
      error: { code: 'DISK_FULL', message: 'The disk holding /home/me/TalkingPhoto is full: free some space on it, then try again.' },
    });
  });

  it('answers DATA_FOLDER_READ_ONLY for a folder that turned read-only', async () => {
    const erofs = Object.assign(new Error("EROFS: read-only file system, open '/media/usb/TalkingPhoto/tmp/a.partial'"), { code: 'EROFS', path: '/media/usb/TalkingPhoto/tmp/a.partial' });
    const dispatcher = createDispatcher({
      handlers: handlersWith(() => {
        throw erofs;
      }),
      log: silentLog,
      dataFolder: '/media/usb/TalkingPhoto',
    });
    expect(await dispatcher.dispatch('engine:status', {}, window)).toMatchObject({ ok: false, error: { code: 'DATA_FOLDER_READ_ONLY' } });
  });

  it('still answers a bug as UNEXPECTED', async () => {
    const dispatcher = createDispatcher({
      handlers: handlersWith(() => {
        throw new TypeError('x is undefined');
      }),
      log: silentLog,
      dataFolder: '/home/me/TalkingPhoto',
    });
    expect(await dispatcher.dispatch('engine:status', {}, window)).toEqual({ ok: false, error: { code: 'UNEXPECTED', message: UNEXPECTED_MESSAGE } });
  });
});
