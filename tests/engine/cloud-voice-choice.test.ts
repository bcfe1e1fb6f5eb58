import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_CATALOG } from '../../src-shared/providers.js';
import { LibraryProviderLedger, openLibrary, type Library } from '../../src-main/app/library/index.js';
import { mediaTools } from '../../src-main/engine/media/ffmpeg.js';
import { routeVoice } from '../../src-main/app/services/cloud-stages.js';
import { makeAdapter } from '../../src-main/cloud/providers/adapters/index.js';
import { ProviderSession } from '../../src-main/cloud/providers/provider-session.js';
import { speakWithVoice } from '../../src-main/engine/voice/system-voices/speak-with-voice.js';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';
import { resolveVoice } from '../../src-main/engine/voice/voice-catalog.js';
import { startElevenLabsFake, type ElevenLabsFake } from '../fakes/elevenlabs-fake.js';
import { tempDir } from '../support/fixtures.js';
import { FAKE_KEY } from '../support/provider-doubles.js';

/**
 * Issue 16: a cloud voice `tp voices` lists (`elevenlabs:<voice_id>`) is one a render can
 * speak with: the id reaches ElevenLabs' text-to-speech as the voice asked for, and where
 * the voice step cannot go to ElevenLabs the built-in voice speaks, with a sentence.
 */

const work = tempDir('tp-cloud-voice-choice-');
const SPOKEN = 'Bob bought a big blue map.';
const RACHEL = { voice_id: '21m00Tcm4TlvDq8ikWAM', name: 'Rachel', category: 'premade' };
const GEORGE = { voice_id: 'JBFqnCBsd6RMkjVDRZzb', name: 'George', category: 'premade' };
let cloud: ElevenLabsFake;
let library: Library;

beforeAll(async () => {
  const speech = await synthesizeSpeech({ text: SPOKEN, language: 'en', workDir: path.join(work.dir, 'tts') });
  const mp3 = path.join(work.dir, 'cloud-voice.mp3');
  execFileSync(mediaTools().ffmpeg.path, ['-hide_banner', '-loglevel', 'error', '-y', '-i', speech.audioPath, '-ar', '44100', '-c:a', 'libmp3lame', '-b:a', '128k', mp3]);
  cloud = await startElevenLabsFake({ apiKey: FAKE_KEY, audio: readFileSync(mp3), voices: [GEORGE, RACHEL] });
  library = openLibrary({ dataDir: path.join(work.dir, 'data') });
}, 120_000);

afterAll(async () => {
  library?.close();
  await cloud?.close();
  work.cleanup();
});

describe('choosing a cloud voice', () => {
  it('accepts elevenlabs:<voice_id> for any script language, and refuses a malformed one', () => {
    expect(resolveVoice('de', 'elevenlabs:21m00Tcm4TlvDq8ikWAM')).toMatchObject({ id: 'elevenlabs:21m00Tcm4TlvDq8ikWAM', engine: 'cloud', engineVoice: 'de' });
    expect(() => resolveVoice('en', 'elevenlabs:../../x')).toThrow(/There is no voice "elevenlabs:\.\.\/\.\.\/x"/);
  });

  it('asks ElevenLabs for the chosen voice', async () => {
    const baseUrl = PROVIDER_CATALOG.elevenlabs.env!.baseUrl;
    const session = new ProviderSession({
      ledger: new LibraryProviderLedger(library),
      keys: new Map([['elevenlabs', FAKE_KEY]]),
      makeAdapter: (id, key) => makeAdapter(id, key, { [baseUrl]: cloud.url }),
      route: ['elevenlabs'],
      tier: 'pro',
      projectId: null,
    });
    const used = { image: 'local', speech: 'local', video: 'local' };
    let spokeLocally = false;
    const voice = await routeVoice(
      { session, workDir: path.join(work.dir, 'route'), used },
      SPOKEN,
      async () => {
        spokeLocally = true;
        return synthesizeSpeech({ text: SPOKEN, language: 'en', workDir: path.join(work.dir, 'local') });
      },
      'elevenlabs:21m00Tcm4TlvDq8ikWAM',
      'en',
    );
    expect(spokeLocally).toBe(false);
    expect(used.speech).toBe('elevenlabs');
    expect(cloud.syntheses.map((s) => s.voiceId)).toEqual(['21m00Tcm4TlvDq8ikWAM']);
    expect(voice.words.map((w) => w.text).join(' ')).toBe(SPOKEN);
  }, 120_000);

  it('speaks with the built-in voice, and says why, where the voice step cannot reach ElevenLabs', async () => {
    const voice = await speakWithVoice({ text: SPOKEN, language: 'en', voice: 'elevenlabs:21m00Tcm4TlvDq8ikWAM', workDir: path.join(work.dir, 'here') });
    expect(voice.engine).toMatchObject({
      name: 'espeak-ng',
      voice: 'en-us',
      fallback: 'The ElevenLabs voice "21m00Tcm4TlvDq8ikWAM" speaks only when your ElevenLabs key is set and the voice step may use it, so the built-in voice "English (US), male" spoke instead.',
    });
  }, 60_000);
});
