import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TalkingPhotoError } from '../../src-shared/errors.js';
import { REQUEST_CHANNELS, type RequestChannel, type RequestPayload } from '../../src-shared/ipc/contract.js';
import { IPC_ERROR_CODES } from '../../src-shared/ipc/envelope.js';
import { createDispatcher, UNEXPECTED_MESSAGE, type HandlerMap, type SenderContext } from '../../src-main/app/ipc/dispatcher.js';
import type { Log } from '../../src-main/app/log/logger.js';

const TRUSTED: SenderContext = { transport: 'in-process', id: 'test', trusted: true };
const CHANNELS = Object.keys(REQUEST_CHANNELS) as RequestChannel[];

/** One valid payload per channel; a channel added to the contract without one fails the typecheck. */
const VALID: { [C in RequestChannel]: RequestPayload<C> } = {
  'engine:status': {},
  'voices:list': { language: 'en' },
  'dialog:pickPhoto': {},
  'library:export': { destination: '/exports/me.zip' },
  'library:showExport': {},
  'library:deleteEverything': { confirm: 'delete everything' },
  'projects:create': { type: 'product_demo', photoPath: '/photos/me.jpg', script: 'Hello.' },
  'projects:list': { search: 'shoe', limit: 20 },
  'projects:get': { projectId: '3f2b9a4e-8c1d-4e5f-9a6b-7c8d9e0f1a2b' },
  'projects:duplicate': { projectId: '3f2b9a4e-8c1d-4e5f-9a6b-7c8d9e0f1a2b' },
  'projects:delete': { projectId: '3f2b9a4e-8c1d-4e5f-9a6b-7c8d9e0f1a2b' },
  'jobs:enqueue': { projectId: '3f2b9a4e-8c1d-4e5f-9a6b-7c8d9e0f1a2b', width: 256, height: 448 },
  'jobs:cancel': { jobId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d' },
  'jobs:list': {},
  'projects:media': { projectId: '3f2b9a4e-8c1d-4e5f-9a6b-7c8d9e0f1a2b' },
  'projects:kitZip': { projectId: '3f2b9a4e-8c1d-4e5f-9a6b-7c8d9e0f1a2b' },
  'photos:import': { name: 'me.jpg', bytesBase64: '/9j/4AAQSkZJRgABAQ==' },
  'photos:importPath': { path: '/photos/me.jpg' },
  'recordings:import': { name: 'take2.wav', bytesBase64: 'UklGRiQAAABXQVZF' },
  'voices:preview': { language: 'fr', voice: 'fr-fr+f3', text: 'Bonjour.' },
  'motion:preview': { photoToken: 'tok_123', language: 'en', text: 'Hello there.', motion: { headMotion: 0, mood: 'warm' } },
  'motion:cancelPreview': {},
  'drafts:get': {},
  'drafts:save': { draft: { photoToken: 'tok_123', script: 'Hello.', language: 'en', platforms: ['tiktok'], burnCaptions: true } },
  'jobs:estimate': { scriptChars: 120, platforms: 2 },
  'account:get': {},
  'account:signUp': { email: 'maya@example.com', password: 'correct horse battery' },
  'account:signIn': { email: 'maya@example.com', password: 'correct horse battery' },
  'account:signOut': {},
  'account:refresh': {},
  'account:upgrade': { tier: 'pro' },
  'account:manage': {},
  'account:export': {},
  'account:delete': { confirm: 'delete my account' },
  'account:requestReset': { email: 'maya@example.com' },
  'account:confirmReset': { password: 'a new long password' },
  'providers:list': {},
  'providers:setKey': { provider: 'elevenlabs', key: 'sk-test-1234567890' },
  'providers:removeKey': { provider: 'elevenlabs' },
  'providers:testKey': { provider: 'heygen' },
  'providers:setPreferences': { dailyCapUsd: 3, chains: { speech: ['elevenlabs', 'local'] } },
  'settings:get': {},
  'settings:set': { theme: 'dark', platforms: ['tiktok'], size: '720x1280' },
  'library:move': { folder: '/videos/library' },
  'shell:showLibrary': {},
  'updates:get': {},
  'updates:check': {},
  'updates:restart': {},
  'diagnostics:overview': {},
  'diagnostics:spend': {},
  'diagnostics:saveBundle': {},
  'projects:saveKit': { projectId: '3f2b9a4e-8c1d-4e5f-9a6b-7c8d9e0f1a2b', destination: '/videos' },
};

const UPDATES_OFF = { phase: 'off', currentVersion: '0.1.0', version: null, percent: null, restartWhenIdle: false, message: 'Updates are off here.', checkedAt: null } as const;

/** Handlers that only record that they ran; the dispatcher is what is under test. */
function recordingHandlers(): { handlers: HandlerMap; calls: Array<{ channel: string; payload: unknown }> } {
  const calls: Array<{ channel: string; payload: unknown }> = [];
  const record = (channel: string, payload: unknown): void => void calls.push({ channel, payload });
  const handlers: HandlerMap = {
    'engine:status': (payload) => {
      record('engine:status', payload);
      throw new Error('not answered in this test');
    },
    'voices:list': (payload) => (record('voices:list', payload), { voices: [] }),
    'dialog:pickPhoto': (payload) => (record('dialog:pickPhoto', payload), { path: null }),
    'library:export': (payload) => (record('library:export', payload), { written: true, projects: 0, files: 0, bytes: 0 }),
    'library:showExport': (payload) => (record('library:showExport', payload), {}),
    'library:deleteEverything': (payload) => (record('library:deleteEverything', payload), {}),
    'projects:create': (payload) => (record('projects:create', payload), { projectId: '3f2b9a4e-8c1d-4e5f-9a6b-7c8d9e0f1a2b' }),
    'projects:list': (payload) => (record('projects:list', payload), { items: [], total: 0, nextCursor: null }),
    'projects:get': (payload) => {
      record('projects:get', payload);
      throw new Error('not answered in this test');
    },
    'projects:duplicate': (payload) => (record('projects:duplicate', payload), { projectId: '3f2b9a4e-8c1d-4e5f-9a6b-7c8d9e0f1a2b' }),
    'projects:delete': (payload) => (record('projects:delete', payload), {}),
    'jobs:enqueue': (payload) => (record('jobs:enqueue', payload), { jobId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d' }),
    'jobs:cancel': (payload) => (record('jobs:cancel', payload), {}),
    'jobs:list': (payload) => (record('jobs:list', payload), { jobs: [] }),
    'diagnostics:overview': (payload) => {
      record('diagnostics:overview', payload);
      throw new Error('not answered in this test');
    },
    'diagnostics:spend': (payload) => (record('diagnostics:spend', payload), { todaySpentUsd: 0, monthSpentUsd: 0, dailyCapUsd: 5, alert: null }),
    'diagnostics:saveBundle': (payload) => (record('diagnostics:saveBundle', payload), { file: null, download: null, bytes: 0, entries: [] }),
    'projects:media': (payload) => {
      record('projects:media', payload);
      throw new Error('not answered in this test');
    },
    'projects:kitZip': (payload) => {
      record('projects:kitZip', payload);
      throw new Error('not answered in this test');
    },
    'photos:import': (payload) => {
      record('photos:import', payload);
      throw new Error('not answered in this test');
    },
    'photos:importPath': (payload) => {
      record('photos:importPath', payload);
      throw new Error('not answered in this test');
    },
    'recordings:import': (payload) => (record('recordings:import', payload), { recordingToken: 'rec_123', name: 'take2.wav', durationS: 2.5, preview: { root: 'r2', path: 'voice.wav' } }),
    'voices:preview': (payload) => (record('voices:preview', payload), { audio: { root: 'r1', path: 'a.wav' }, durationS: 1.5 }),
    'motion:preview': (payload) => (record('motion:preview', payload), { video: { root: 'r3', path: 'p.mp4' }, durationS: 3, width: 360, height: 640 }),
    'motion:cancelPreview': (payload) => (record('motion:cancelPreview', payload), {}),
    'drafts:get': (payload) => (record('drafts:get', payload), { draft: null, photo: null, savedAt: null }),
    'drafts:save': (payload) => (record('drafts:save', payload), { savedAt: null }),
    'settings:get': (payload) => {
      record('settings:get', payload);
      throw new Error('not answered in this test');
    },
    'settings:set': (payload) => {
      record('settings:set', payload);
      throw new Error('not answered in this test');
    },
    'library:move': (payload) => {
      record('library:move', payload);
      throw new Error('not answered in this test');
    },
    'jobs:estimate': (payload) => (record('jobs:estimate', payload), { costUsd: 0, voiceSeconds: 9, renderMs: 12000, waitMs: 0, queued: 0 }),
    'updates:get': (payload) => (record('updates:get', payload), UPDATES_OFF),
    'updates:check': (payload) => (record('updates:check', payload), UPDATES_OFF),
    'updates:restart': (payload) => (record('updates:restart', payload), UPDATES_OFF),
    'account:get': (payload) => {
      record('account:get', payload);
      throw new Error('not answered in this test');
    },
    'account:signUp': (payload) => {
      record('account:signUp', payload);
      throw new Error('not answered in this test');
    },
    'account:signIn': (payload) => {
      record('account:signIn', payload);
      throw new Error('not answered in this test');
    },
    'account:signOut': (payload) => {
      record('account:signOut', payload);
      throw new Error('not answered in this test');
    },
    'account:refresh': (payload) => {
      record('account:refresh', payload);
      throw new Error('not answered in this test');
    },
    'account:upgrade': (payload) => {
      record('account:upgrade', payload);
      throw new Error('not answered in this test');
    },
    'account:manage': (payload) => {
      record('account:manage', payload);
      throw new Error('not answered in this test');
    },
    'account:export': (payload) => {
      record('account:export', payload);
      throw new Error('not answered in this test');
    },
    'account:delete': (payload) => {
      record('account:delete', payload);
      throw new Error('not answered in this test');
    },
    'account:requestReset': (payload) => {
      record('account:requestReset', payload);
      throw new Error('not answered in this test');
    },
    'account:confirmReset': (payload) => {
      record('account:confirmReset', payload);
      throw new Error('not answered in this test');
    },
    'providers:list': (payload) => {
      record('providers:list', payload);
      throw new Error('not answered in this test');
    },
    'providers:setKey': (payload) => {
      record('providers:setKey', payload);
      throw new Error('not answered in this test');
    },
    'providers:removeKey': (payload) => {
      record('providers:removeKey', payload);
      throw new Error('not answered in this test');
    },
    'providers:testKey': (payload) => {
      record('providers:testKey', payload);
      throw new Error('not answered in this test');
    },
    'providers:setPreferences': (payload) => {
      record('providers:setPreferences', payload);
      throw new Error('not answered in this test');
    },
    'shell:showLibrary': (payload) => (record('shell:showLibrary', payload), {}),
    'projects:saveKit': (payload) => (record('projects:saveKit', payload), { folder: null, files: 0 }),
  };
  return { handlers, calls };
}

function memoryLog(): Log & { lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }> } {
  const lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }> = [];
  const at =
    (level: string) =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      void lines.push({ level, msg, fields });
  const log = { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log };
  return log;
}

/** What a creator may be shown: a known code and one sentence, no stack frames, no "Error:" prefixes. */
function expectCreatorSafe(error: { code: string; message: string }): void {
  expect(IPC_ERROR_CODES).toContain(error.code);
  expect(error.message.length).toBeGreaterThan(10);
  expect(error.message.length).toBeLessThan(400);
  expect(error.message).not.toMatch(/\n|\bat .+:\d+:\d+|Error:/);
}

/**
 * Payloads the way they can arrive: anything JSON can carry (the host's socket), anything
 * structured clone can (Electron IPC: null-prototype objects, Maps, typed arrays, sparse
 * arrays), and a valid payload with one field replaced by any of those.
 */
function candidatePayloads(channel: RequestChannel): fc.Arbitrary<unknown> {
  const anyValue = fc.anything({ withNullPrototype: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true });
  const valid = VALID[channel] as Record<string, unknown>;
  const keys = [...Object.keys(valid), 'extra', '__proto__', 'constructor'];
  const oneFieldBroken = fc.record({ key: fc.constantFrom(...keys), value: fc.oneof(fc.jsonValue(), anyValue) }).map(({ key, value }) => {
    const copy: Record<string, unknown> = { ...valid };
    Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
    return copy;
  });
  return fc.oneof(fc.jsonValue(), anyValue, oneFieldBroken);
}

describe('IPC dispatcher', () => {
  for (const channel of CHANNELS) {
    it(`${channel} refuses every malformed payload with BAD_REQUEST and never runs its handler`, async () => {
      const schema = REQUEST_CHANNELS[channel].request;
      const { handlers, calls } = recordingHandlers();
      const dispatcher = createDispatcher({ handlers, log: memoryLog() });
      await fc.assert(
        fc.asyncProperty(
          candidatePayloads(channel).filter((payload) => !schema.safeParse(payload).success),
          async (payload) => {
            const answer = await dispatcher.dispatch(channel, payload, TRUSTED);
            expect(answer.ok).toBe(false);
            if (answer.ok) return;
            expect(answer.error.code).toBe('BAD_REQUEST');
            expect(answer.error.message).toContain(channel);
            expectCreatorSafe(answer.error);
            expect(calls).toEqual([]);
          },
        ),
        { numRuns: 150 },
      );
    });
  }

  it('hands a valid payload to its handler, after validation (defaults applied)', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatcher = createDispatcher({ handlers, log: memoryLog() });
    const answer = await dispatcher.dispatch('drafts:save', VALID['drafts:save'], TRUSTED);
    expect(answer).toEqual({ ok: true, value: { savedAt: null } });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.payload).toMatchObject({ draft: { script: 'Hello.', workflowType: 'avatar_presentation', coverTitle: false } });
  });

  it('gives the window no way around the plan: render:start is gone, and a queued render cannot ask for no watermark or another tier', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatcher = createDispatcher({ handlers, log: memoryLog() });
    const oldRender = { photoPath: '/photos/me.jpg', script: 'Hello.', outDir: '/videos', watermark: false, tier: 'enterprise' };
    expect(await dispatcher.dispatch('render:start', oldRender, TRUSTED)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    for (const extra of [{ watermark: false }, { tier: 'enterprise' }]) {
      const answer = await dispatcher.dispatch('jobs:enqueue', { ...VALID['jobs:enqueue'], ...extra }, TRUSTED);
      expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(calls).toEqual([]);
  });

  it('refuses channels the contract does not declare with UNKNOWN_CHANNEL, prototype names included', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatcher = createDispatcher({ handlers, log: memoryLog() });
    const names = fc.oneof(
      fc.constantFrom(
        '__proto__',
        'constructor',
        'toString',
        'hasOwnProperty',
        '',
        'RENDER:START',
        'render:start ',
        'render:start',
        'render:cancel',
        'shell:showInFolder',
        'dialog:pickOutputFolder',
        'video:lastVideo',
        'library:list',
      ),
      fc.string(),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(
        names.filter((name) => !(typeof name === 'string' && Object.hasOwn(REQUEST_CHANNELS, name))),
        fc.jsonValue(),
        async (name, payload) => {
          const answer = await dispatcher.dispatch(name, payload, TRUSTED);
          expect(answer).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
          if (!answer.ok) expectCreatorSafe(answer.error);
        },
      ),
      { numRuns: 300 },
    );
    expect(calls).toEqual([]);
  });

  it('refuses an untrusted sender with FORBIDDEN before looking at the channel or payload', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatcher = createDispatcher({ handlers, log: memoryLog() });
    const untrusted: SenderContext = { transport: 'electron', id: 'iframe', trusted: false };
    for (const channel of [...CHANNELS, 'no:such']) {
      const answer = await dispatcher.dispatch(channel, VALID['engine:status'], untrusted);
      expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(calls).toEqual([]);
  });

  it('turns an unexpected handler exception into UNEXPECTED without its message or stack, and logs the stack', async () => {
    const { handlers } = recordingHandlers();
    const log = memoryLog();
    handlers['voices:list'] = () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x') in /home/me/secret/project.ts");
    };
    const dispatcher = createDispatcher({ handlers, log });
    const answer = await dispatcher.dispatch('voices:list', {}, TRUSTED);
    expect(answer).toEqual({ ok: false, error: { code: 'UNEXPECTED', message: UNEXPECTED_MESSAGE } });
    expect(JSON.stringify(answer)).not.toMatch(/secret|TypeError|\bat /);
    const logged = log.lines.find((line) => line.level === 'error');
    expect(String(logged?.fields.error)).toMatch(/TypeError: Cannot read properties[\s\S]*\n\s+at /);
  });

  it('treats a rejected promise and a thrown non-Error the same way', async () => {
    const { handlers } = recordingHandlers();
    handlers['jobs:cancel'] = async () => Promise.reject(new Error('boom'));
    handlers['voices:list'] = () => {
      throw 'a string';
    };
    const dispatcher = createDispatcher({ handlers, log: memoryLog() });
    expect(await dispatcher.dispatch('jobs:cancel', VALID['jobs:cancel'], TRUSTED)).toMatchObject({ ok: false, error: { code: 'UNEXPECTED' } });
    expect(await dispatcher.dispatch('voices:list', {}, TRUSTED)).toMatchObject({ ok: false, error: { code: 'UNEXPECTED' } });
  });

  it('answers a TalkingPhotoError with its own code and sentence, not its detail', async () => {
    const { handlers } = recordingHandlers();
    handlers['dialog:pickPhoto'] = () => {
      throw new TalkingPhotoError('NOT_SUPPORTED', 'Type the path instead.', { detail: 'internal detail' });
    };
    const dispatcher = createDispatcher({ handlers, log: memoryLog() });
    const answer = await dispatcher.dispatch('dialog:pickPhoto', undefined, TRUSTED);
    expect(answer).toEqual({ ok: false, error: { code: 'NOT_SUPPORTED', message: 'Type the path instead.' } });
  });

  it('refuses to send an answer that breaks the contract (UNEXPECTED) and strips fields it does not declare', async () => {
    const { handlers } = recordingHandlers();
    handlers['jobs:enqueue'] = () => ({ jobId: 'has spaces, not an id' });
    handlers['voices:list'] = () => ({
      voices: [{ id: 'en-us', language: 'en', label: 'English', engine: 'espeak-ng', isDefault: true, engineVoice: 'internal', path: '/secret' }],
    });
    const log = memoryLog();
    const dispatcher = createDispatcher({ handlers, log });
    expect(await dispatcher.dispatch('jobs:enqueue', VALID['jobs:enqueue'], TRUSTED)).toEqual({
      ok: false,
      error: { code: 'UNEXPECTED', message: UNEXPECTED_MESSAGE },
    });
    expect(log.lines.some((line) => line.msg === 'handler answered outside the contract')).toBe(true);
    const voices = await dispatcher.dispatch('voices:list', {}, TRUSTED);
    expect(voices).toEqual({ ok: true, value: { voices: [{ id: 'en-us', language: 'en', label: 'English', engine: 'espeak-ng', isDefault: true }] } });
  });

  it('applies a per-channel policy on top of trust', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatcher = createDispatcher({ handlers, log: memoryLog(), isAllowed: (channel) => !channel.startsWith('dialog:') });
    expect(await dispatcher.dispatch('dialog:pickPhoto', {}, TRUSTED)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await dispatcher.dispatch('jobs:cancel', VALID['jobs:cancel'], TRUSTED)).toMatchObject({ ok: true });
    expect(calls.map((c) => c.channel)).toEqual(['jobs:cancel']);
  });
});
