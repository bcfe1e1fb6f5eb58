import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElevenLabsFake, type ElevenLabsFake } from '../../../tests/fakes/elevenlabs-fake.js';
import { runCli } from '../../../tests/support/cli.js';
import { tempDir } from '../../../tests/support/fixtures.js';
import { FAKE_KEY } from '../../../tests/support/provider-doubles.js';
import { ProviderKeys } from '../../cloud/providers/provider-keys.js';
import { macosVoices, parseSayVoices } from '../../engine/voice/system-voices/macos.js';
import { parseAvSpeechVoices } from '../../engine/voice/system-voices/macos-personal.js';
import type { SystemVoiceProvider } from '../../engine/voice/system-voices/index.js';
import { listAllVoices, type VoiceListing } from './voices-cli.js';

const work = tempDir('tp-voices-cli-');
let cloud: ElevenLabsFake;
const RACHEL = { voice_id: '21m00Tcm4TlvDq8ikWAM', name: 'Rachel', category: 'premade' };
const GEORGE = { voice_id: 'JBFqnCBsd6RMkjVDRZzb', name: 'George', category: 'premade' };

beforeAll(async () => {
  cloud = await startElevenLabsFake({ apiKey: FAKE_KEY, voices: [GEORGE, RACHEL] });
});
afterAll(async () => {
  await cloud?.close();
  work.cleanup();
});

/** A Mac as its recorded `say -v '?'` listing describes it. */
const mac: SystemVoiceProvider = {
  platform: 'macos',
  list: async () =>
    macosVoices(
      parseSayVoices(readFileSync(new URL('../../engine/voice/system-voices/fixtures/say-voices-macos14.txt', import.meta.url), 'utf8')),
      parseAvSpeechVoices(readFileSync(new URL('../../engine/voice/system-voices/fixtures/avspeech-voices-macos14.json', import.meta.url), 'utf8')),
    ),
  speakCommand: () => ({ command: 'say', args: [] }),
};
const withKey = (): ProviderKeys => new ProviderKeys(null, { TALKINGPHOTO_ELEVENLABS_API_KEY: FAKE_KEY });
const cloudEnv = (): NodeJS.ProcessEnv => ({ TALKINGPHOTO_ELEVENLABS_BASE_URL: cloud.url });

describe('tp voices', () => {
  it("lists the Mac's voices, eSpeak's and the account's ElevenLabs voices, each with its language, quality hint and source", async () => {
    const { voices, notes } = await listAllVoices({ language: 'en', systemProvider: mac, keys: withKey(), env: cloudEnv() });
    expect(notes).toEqual([]);
    expect(voices[0]).toEqual({ id: 'system:macos:say:Ava (Premium)', language: 'en', label: 'Ava (Premium)', source: 'system:macos', quality: 'premium', hint: 'natural, best', isDefault: true });
    expect(voices.find((v) => v.personal)).toMatchObject({
      id: 'system:macos:personal:Maya’s Voice',
      label: 'Maya’s Voice (Personal Voice)',
      hint: 'your Personal Voice',
      source: 'system:macos',
      isDefault: false,
    });
    expect(voices.find((v) => v.id === 'en-us')).toMatchObject({ source: 'espeak-ng', quality: 'basic', hint: 'robotic', isDefault: false, gender: 'male' });
    expect(voices.filter((v) => v.source === 'elevenlabs')).toEqual([
      { id: 'elevenlabs:JBFqnCBsd6RMkjVDRZzb', language: 'any', label: 'George', source: 'elevenlabs', quality: 'premium', hint: 'natural, cloud (billed per character), premade', isDefault: true },
      { id: 'elevenlabs:21m00Tcm4TlvDq8ikWAM', language: 'any', label: 'Rachel', source: 'elevenlabs', quality: 'premium', hint: 'natural, cloud (billed per character), premade', isDefault: false },
    ]);
    // Only English (and the cloud's every-language voices) with --language en.
    expect(new Set(voices.map((v) => v.language))).toEqual(new Set(['en', 'any']));
  });

  it('asks no cloud service without a key, and lists every language without --language', async () => {
    const before = cloud.server.requests.length;
    const { voices } = await listAllVoices({ systemProvider: mac, keys: new ProviderKeys(null, {}), env: cloudEnv() });
    expect(cloud.server.requests.length).toBe(before);
    expect(voices.some((v) => v.source === 'elevenlabs')).toBe(false);
    expect(new Set(voices.map((v) => v.language))).toEqual(new Set(['en', 'hi', 'es', 'fr', 'de', 'ja', 'ko', 'zh']));
    expect(voices.find((v) => v.language === 'ja' && v.isDefault)?.id).toBe('system:macos:say:Kyoko');
  });

  it('says why a broken speech service or a refused key lists fewer voices, and still lists the rest', async () => {
    const broken: SystemVoiceProvider = { ...mac, list: () => Promise.reject(new Error('say: not found')) };
    const { voices, notes } = await listAllVoices({
      language: 'de',
      systemProvider: broken,
      keys: new ProviderKeys(null, { TALKINGPHOTO_ELEVENLABS_API_KEY: 'sk_wrong_key_0123456789' }),
      env: cloudEnv(),
    });
    expect(voices.map((v) => v.id)).toEqual(['de', 'de+f3']);
    expect(notes).toEqual([
      "The computer's own voices could not be listed (its speech service did not answer): only the built-in voices are shown.",
      "ElevenLabs' voices could not be listed: ElevenLabs did not accept the API key: check it in Settings, Providers.",
    ]);
    expect(notes.join(' ')).not.toContain('sk_wrong_key');
  });

  it('prints JSON with --json, a table without, and refuses an unknown language with exit 2', async () => {
    const env = { TALKINGPHOTO_DATA_DIR: `${work.dir}/data`, TALKINGPHOTO_ELEVENLABS_API_KEY: FAKE_KEY, TALKINGPHOTO_ELEVENLABS_BASE_URL: cloud.url };
    const json = await runCli(['voices', '--language', 'fr', '--json'], { env });
    expect(json.code, json.stderr).toBe(0);
    const listing = JSON.parse(json.stdout) as VoiceListing;
    expect(listing.voices.filter((v) => v.source === 'espeak-ng').map((v) => v.id)).toEqual(['fr-fr', 'fr-fr+f3']);
    expect(listing.voices.filter((v) => v.source === 'elevenlabs').map((v) => v.label)).toEqual(['George', 'Rachel']);
    expect(listing.voices.every((v) => v.language === 'fr' || v.language === 'any')).toBe(true);

    const text = await runCli(['voices', '--language', 'fr'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^fr:\n {2}/);
    expect(text.stdout).toMatch(/ {2}fr-fr +French \(France\), male · robotic · built-in \(eSpeak NG\) \(default\)\n/);
    expect(text.stdout).toMatch(/Cloud voices \(every language\):\n {2}elevenlabs:JBFqnCBsd6RMkjVDRZzb +George · natural, cloud/);

    const refused = await runCli(['voices', '--language', 'xx'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe('There are no voices for "xx": choose one of en, hi, es, fr, de, ja, ko, zh.');
  }, 60_000);
});
