import { afterEach, describe, expect, it } from 'vitest';
import type { SenderContext } from '../../src-main/app/ipc/dispatcher.js';
import { silentLog } from '../../src-main/app/log/logger.js';
import { createMainServices, type MainServices } from '../../src-main/app/ipc/main-services.js';
import { HostShell } from '../../src-main/doors/host/host-shell.js';

const SENDER: SenderContext = { transport: 'in-process', id: 'test', trusted: true };

let services: MainServices | undefined;
afterEach(async () => {
  await services?.shutdown();
  services = undefined;
});

function start(): MainServices {
  services = createMainServices({ shell: new HostShell(), appVersion: '0.0.0-test', log: silentLog });
  return services;
}

describe('main services behind the contract', () => {
  it('has no render outside the queue: render:start and its companions are unknown channels', async () => {
    const { dispatcher } = start();
    // The old one-off render took `watermark: false` and any tier from the window, and never counted.
    const bypass = { photoPath: '/photos/me.jpg', script: 'Hello.', outDir: '/videos/out', watermark: false, tier: 'enterprise' };
    expect(await dispatcher.call('render:start' as never, bypass as never, SENDER)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    for (const channel of ['render:cancel', 'shell:showInFolder', 'dialog:pickOutputFolder']) {
      expect(await dispatcher.call(channel as never, { renderId: 'abc123' } as never, SENDER)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
  });

  it('host: has no photo dialog, and refuses a relative photo path for a project', async () => {
    const { dispatcher } = start();
    expect(await dispatcher.call('dialog:pickPhoto', undefined, SENDER)).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } });
    expect(await dispatcher.call('projects:create', { type: 'product_demo', photoPath: 'me.jpg', script: 'Hello.' }, SENDER)).toMatchObject({
      ok: false,
      error: { code: 'BAD_OPTION', message: expect.stringMatching(/full path/) },
    });
  });

  it('lists the voices of one language, their engine-internal names left out', async () => {
    const { dispatcher } = start();
    const answer = await dispatcher.call('voices:list', { language: 'fr' }, SENDER);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    // eSpeak's own French voices, and whatever French voices this computer has (on a CI
    // machine with speech-dispatcher: its modules' voices), each marked with its engine.
    const builtIn = answer.value.voices.filter((v) => v.engine === 'espeak-ng');
    expect(builtIn.map((v) => v.id)).toEqual(['fr-fr', 'fr-fr+f3']);
    for (const voice of answer.value.voices) {
      expect(voice).not.toHaveProperty('engineVoice');
      if (voice.engine === 'system') expect(voice.id).toMatch(/^system:linux:[^:]+:.+/);
    }
  });
});
