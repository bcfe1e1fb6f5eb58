import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestChannel } from '../../src-shared/ipc/contract.js';
import type { SenderContext } from '../../src-main/app/ipc/dispatcher.js';
import { silentLog } from '../../src-main/app/log/logger.js';
import { createMainServices, type MainServices } from '../../src-main/app/ipc/main-services.js';
import { HostShell } from '../../src-main/doors/host/host-shell.js';
import { ProviderKeys } from '../../src-main/cloud/providers/provider-keys.js';
import { startGoogleFake, type GoogleFake } from '../fakes/google-fake.js';
import { tempLibrary, type TempLibrary } from '../library/library-fixtures.js';
import type { TestAnswer } from '../support/ipc-answer.js';
import { grantPlan } from '../support/plans.js';
import { FAKE_KEY, MemorySecretStore } from '../support/provider-doubles.js';

const SENDER: SenderContext = { transport: 'in-process', id: 'test', trusted: true };
const BASE_URL_ENV = 'TALKINGPHOTO_GEMINI_IMAGE_BASE_URL';

let t: TempLibrary;
let services: MainServices;
let fake: GoogleFake;
const store = new MemorySecretStore();
const answers: unknown[] = [];

beforeAll(async () => {
  fake = await startGoogleFake({ apiKey: FAKE_KEY });
  process.env[BASE_URL_ENV] = fake.url;
  t = tempLibrary();
  services = createMainServices({ shell: new HostShell(), appVersion: '0.0.0-test', log: silentLog, library: t.library, home: t.dataDir, providerKeys: new ProviderKeys(store, {}) });
});
afterAll(async () => {
  delete process.env[BASE_URL_ENV];
  await services.shutdown();
  t.cleanup();
  await fake.close();
});

async function call<C extends RequestChannel>(channel: C, payload: unknown) {
  const answer = await services.dispatcher.call(channel, payload as never, SENDER);
  answers.push(answer);
  return answer as TestAnswer<C>;
}

const row = (value: { providers: Array<{ id: string }> }, id: string) => value.providers.find((p) => p.id === id) as Record<string, unknown>;

describe('Settings → Providers over IPC', () => {
  it('lists every provider, none with a key, Midjourney listed but not callable, local last in each chain', async () => {
    const listed = await call('providers:list', {});
    expect(listed.ok).toBe(true);
    expect(listed.value.providers.map((p: { id: string }) => p.id)).toContain('midjourney');
    expect(row(listed.value, 'midjourney')).toMatchObject({ callable: false, notCallable: expect.stringMatching(/no official public API/) });
    expect(row(listed.value, 'gemini-image')).toMatchObject({ key: 'not set', keySource: null, circuit: 'closed' });
    for (const chain of Object.values(listed.value.chains) as string[][]) expect(chain.at(-1)).toBe('local');
    expect(listed.value).toMatchObject({ tier: 'free', projectBudgetUsd: 0.1, keychain: true });
  });

  it('keeps a key in the keychain, tests it with a real call to the provider, and never answers with it', async () => {
    const saved = await call('providers:setKey', { provider: 'gemini-image', key: FAKE_KEY });
    expect(row(saved.value, 'gemini-image')).toMatchObject({ key: 'set', keySource: 'keychain' });
    expect(store.entries.get('TalkingPhoto/gemini-image')).toBe(FAKE_KEY);

    const tested = await call('providers:testKey', { provider: 'gemini-image' });
    expect(tested.value).toMatchObject({ ok: true, message: expect.stringMatching(/accepted the key/) });
    expect(row(tested.value, 'gemini-image').key).toBe('verified');
    // The test reached the provider with the key in its header.
    expect(fake.server.sent('GET', /\/models$/).at(-1)?.headers['x-goog-api-key']).toBe(FAKE_KEY);

    await call('providers:setKey', { provider: 'gemini-image', key: 'wrong-key-0123456789' });
    const refused = await call('providers:testKey', { provider: 'gemini-image' });
    expect(refused.value).toMatchObject({ ok: false, message: expect.stringMatching(/key/i) });
    expect(row(refused.value, 'gemini-image').key).toBe('set');

    // With a key, the Create screen's estimate names the editor and its price before anything is spent.
    const estimate = await call('jobs:estimate', { scriptChars: 140, platforms: 1 });
    expect(estimate.value).toMatchObject({
      costUsd: 0.039,
      steps: expect.arrayContaining([{ capability: 'image_enhancement', provider: 'gemini-image', name: expect.stringMatching(/Gemini/), costUsd: 0.039 }]),
    });
    expect(estimate.value.steps.find((s: { capability: string }) => s.capability === 'video_generation')).toMatchObject({ provider: 'local', costUsd: 0 });

    const removed = await call('providers:removeKey', { provider: 'gemini-image' });
    expect(row(removed.value, 'gemini-image').key).toBe('not set');
    expect(store.entries.size).toBe(0);
    expect((await call('jobs:estimate', { scriptChars: 140, platforms: 1 })).value.costUsd).toBe(0);
  });

  it('keeps chain order and daily cap, takes the budget from the plan bought, and refuses a chain a provider cannot serve', async () => {
    const changed = await call('providers:setPreferences', { chains: { speech: ['elevenlabs'] }, dailyCapUsd: 2.5 });
    expect(changed.value).toMatchObject({ tier: 'free', dailyCapUsd: 2.5, projectBudgetUsd: 0.1, chains: { speech: ['elevenlabs', 'local'] } });
    grantPlan(t.library, 'pro');
    expect((await call('providers:list', {})).value).toMatchObject({ tier: 'pro', projectBudgetUsd: 2 });
    const refused = await call('providers:setPreferences', { chains: { speech: ['heygen'] } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_OPTION', message: expect.stringMatching(/cannot do speech/) } });
    expect((await call('providers:list', {})).value.chains.speech).toEqual(['elevenlabs', 'local']);
  });

  it('no key ever left main or reached the data folder', () => {
    expect(JSON.stringify(answers)).not.toContain(FAKE_KEY);
    expect(JSON.stringify(answers)).not.toContain('wrong-key-0123456789');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else files.push(full);
      }
    };
    walk(t.dataDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(readFileSync(file).includes(FAKE_KEY), file).toBe(false);
  });
});
