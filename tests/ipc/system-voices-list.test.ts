import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SenderContext } from '../../src-main/app/ipc/dispatcher.js';
import { silentLog } from '../../src-main/app/log/logger.js';
import { createMainServices, type MainServices } from '../../src-main/app/ipc/main-services.js';
import { HostShell } from '../../src-main/doors/host/host-shell.js';
import { tempLibrary, type TempLibrary } from '../library/library-fixtures.js';

const SENDER: SenderContext = { transport: 'in-process', id: 'test', trusted: true };

let t: TempLibrary;
let services: MainServices;
beforeEach(() => {
  t = tempLibrary();
  services = createMainServices({ shell: new HostShell(), appVersion: '0.0.0-test', log: silentLog, library: t.library, home: t.dataDir });
});
afterEach(async () => {
  await services.shutdown();
  t.cleanup();
});

describe('voices:list with the computer’s own voices (Linux, speech-dispatcher)', () => {
  it('answers speech-dispatcher’s voices beside eSpeak’s through the contract, eSpeak staying the default', async () => {
    const answer = await services.dispatcher.call('voices:list', { language: 'en' }, SENDER);
    if (!answer.ok) throw new Error(answer.error.message);
    const voices = answer.value.voices;
    expect(voices.find((v) => v.id === 'system:linux:flite:kal16')).toEqual({
      id: 'system:linux:flite:kal16',
      language: 'en',
      label: 'kal16 (Flite)',
      gender: 'male',
      engine: 'system',
      isDefault: false,
      quality: 'basic',
    });
    expect(voices.find((v) => v.id === 'system:linux:espeak-ng:English (America)')).toMatchObject({ engine: 'system' });
    expect(voices.filter((v) => v.isDefault).map((v) => v.id)).toEqual(['en-us']);
    // The engine's own field (eSpeak's voice name) stays out of the answer.
    expect(voices.every((v) => !('engineVoice' in v))).toBe(true);
    expect(voices.every((v) => v.language === 'en')).toBe(true);
  }, 60_000);
});
