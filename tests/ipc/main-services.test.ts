import { describe, expect, it } from 'vitest';
import { TalkingPhotoError } from '../../src-shared/errors.js';
import type { EventChannel, EventPayload } from '../../src-shared/ipc/contract.js';
import type { SenderContext } from '../../src-main/ipc/dispatcher.js';
import { silentLog } from '../../src-main/ipc/json-log.js';
import { createMainServices } from '../../src-main/ipc/main-services.js';
import type { RenderProjectFn } from '../../src-main/ipc/render-service.js';
import { HostShell } from '../../src-main/host/host-shell.js';

const SENDER: SenderContext = { transport: 'in-process', id: 'test', trusted: true };
const REQUEST = { photoPath: '/photos/me.jpg', script: 'Hello.', outDir: '/videos/out', width: 256, height: 448 };

function servicesWith(renderProject: RenderProjectFn) {
  const services = createMainServices({ shell: new HostShell(), appVersion: '0.0.0-test', log: silentLog, renderProject });
  const events: Array<{ event: EventChannel; payload: unknown }> = [];
  services.events.subscribe((event, payload) => events.push({ event, payload }));
  const finished = (): Promise<EventPayload<'render:finished'>> =>
    new Promise((resolve) => {
      const stop = services.events.subscribe((event, payload) => {
        if (event !== 'render:finished') return;
        stop();
        resolve(payload as EventPayload<'render:finished'>);
      });
    });
  return { services, events, finished };
}

describe('main services behind the contract', () => {
  it('reports an engine crash as render:finished UNEXPECTED, without the error text or stack', async () => {
    const { services, finished } = servicesWith(async () => {
      throw new RangeError('index 7 out of bounds at /home/me/src/warp.ts:10:3');
    });
    const done = finished();
    const started = await services.dispatcher.call('render:start', REQUEST, SENDER);
    expect(started.ok).toBe(true);
    const outcome = await done;
    expect(outcome).toMatchObject({ ok: false, error: { code: 'UNEXPECTED' } });
    expect(JSON.stringify(outcome)).not.toMatch(/RangeError|warp\.ts|\bat /);
    expect(services.renders.activeRenderId).toBeNull();
  });

  it("passes the engine's own refusal on with its code and sentence", async () => {
    const { services, finished } = servicesWith(async () => {
      throw new TalkingPhotoError('NO_FACE', 'No face was found in this photo: choose a photo where one face looks at the camera.');
    });
    const done = finished();
    await services.dispatcher.call('render:start', REQUEST, SENDER);
    expect(await done).toMatchObject({ ok: false, error: { code: 'NO_FACE', message: expect.stringMatching(/^No face was found/) } });
  });

  it('sends progress for its own render id, one event per whole percent, before the outcome', async () => {
    const { services, events, finished } = servicesWith(async (_request, hooks) => {
      for (let i = 0; i <= 100; i += 0.25) hooks.onProgress?.({ stage: 'animate', percent: i, message: 'Animating the face' });
      throw new TalkingPhotoError('CANCELLED', 'The render was cancelled.');
    });
    const done = finished();
    const started = await services.dispatcher.call('render:start', REQUEST, SENDER);
    await done;
    const progress = events.filter((e) => e.event === 'render:progress');
    expect(progress).toHaveLength(101);
    expect(progress.every((e) => (e.payload as { renderId: string }).renderId === (started.ok && started.value.renderId))).toBe(true);
    expect(events.at(-1)?.event).toBe('render:finished');
  });

  it('host: refuses relative paths, has no dialogs or file manager, and knows only its own renders', async () => {
    const { services } = servicesWith(async () => {
      throw new Error('not reached');
    });
    expect(await services.dispatcher.call('render:start', { ...REQUEST, photoPath: 'me.jpg' }, SENDER)).toMatchObject({ ok: false, error: { code: 'BAD_OPTION' } });
    expect(await services.dispatcher.call('render:start', { ...REQUEST, outDir: 'out' }, SENDER)).toMatchObject({ ok: false, error: { code: 'BAD_OPTION' } });
    expect(await services.dispatcher.call('dialog:pickOutputFolder', undefined, SENDER)).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } });
    expect(await services.dispatcher.call('shell:showInFolder', { renderId: 'nope' }, SENDER)).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
    expect(await services.dispatcher.call('render:cancel', { renderId: 'nope' }, SENDER)).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('lists the voices of one language, their engine-internal names left out', async () => {
    const { services } = servicesWith(async () => {
      throw new Error('not reached');
    });
    const answer = await services.dispatcher.call('voices:list', { language: 'fr' }, SENDER);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.value.voices.map((v) => v.id)).toEqual(['fr-fr', 'fr-fr+f3']);
    expect(answer.value.voices[0]).not.toHaveProperty('engineVoice');
  });
});
