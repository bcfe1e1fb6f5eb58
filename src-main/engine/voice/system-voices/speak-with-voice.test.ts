import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tests/support/fixtures.js';
import { probeMedia } from '../../media/probe.js';
import { listSystemVoices } from './index.js';
import { linuxProvider } from './linux.js';
import { speakWithVoice } from './speak-with-voice.js';
import type { SystemVoiceProvider } from './system-voice.js';

const work = tempDir('tp-system-voice-');
afterAll(() => work.cleanup());

const SCRIPT = 'Hello, my name is Maria. I made this video on my own computer, with its own voice.';

describe('speaking a script with the computer’s own voice', () => {
  it('speaks with speech-dispatcher’s Flite voice, its words timed by aligning the script to that audio', async () => {
    const voice = await speakWithVoice({ text: SCRIPT, language: 'en', voice: 'system:linux:flite:kal16', workDir: path.join(work.dir, 'flite') }, { provider: linuxProvider });
    expect(voice.source).toBe('tts');
    expect(voice.engine).toEqual({ name: 'system:linux', voice: 'system:linux:flite:kal16' });
    expect(voice.phones.method).toBe('aligned');
    const probed = await probeMedia(voice.audioPath);
    expect(probed.streams.find((s) => s.codecType === 'audio')).toMatchObject({ sampleRate: 48000, channels: 1 });
    expect(voice.words.map((w) => w.text.replace(/[^\p{L}]/gu, '').toLowerCase())).toEqual(SCRIPT.split(/\s+/).map((w) => w.replace(/[^\p{L}]/gu, '').toLowerCase()));
    for (const [k, word] of voice.words.entries()) {
      expect(word.endS).toBeGreaterThanOrEqual(word.startS);
      expect(word.endS).toBeLessThanOrEqual(voice.durationS);
      if (k > 0) expect(word.startS).toBeGreaterThanOrEqual(voice.words[k - 1]!.endS);
    }
    // The words cover the speech, not a corner of it: Flite speaks this in about 5 s.
    expect(voice.words.at(-1)!.endS - voice.words[0]!.startS).toBeGreaterThan(0.6 * voice.durationS);
    // p/b/m phones exist for the lips to close on ("my", "name", "Maria", "made", "computer").
    expect(voice.phones.phones.filter((p) => /^[pbm]/.test(p.ipa)).length).toBeGreaterThanOrEqual(5);
  }, 120_000);

  it('falls back to the built-in voice with one sentence when the chosen voice is no longer installed', async () => {
    const empty: SystemVoiceProvider = { ...linuxProvider, list: () => Promise.resolve([]) };
    const voice = await speakWithVoice({ text: 'Hello there.', language: 'en', voice: 'system:linux:pico:en-US', workDir: path.join(work.dir, 'gone') }, { provider: empty });
    expect(voice.engine.name).toBe('espeak-ng');
    expect(voice.engine.voice).toBe('en-us');
    expect(voice.engine.fallback).toBe('The voice "en-US" is no longer on this computer, so the built-in voice "English (US), male" spoke instead.');
    expect(voice.words.map((w) => w.text)).toEqual(['Hello', 'there.']);
  }, 60_000);

  it('speaks with the built-in voice, and says why, when the chosen voice does not speak the script’s language', async () => {
    const voice = await speakWithVoice({ text: 'Guten Tag.', language: 'de', voice: 'system:linux:flite:kal16', workDir: path.join(work.dir, 'other-language') }, { provider: linuxProvider });
    expect(voice.engine).toMatchObject({
      name: 'espeak-ng',
      voice: 'de',
      fallback: 'The voice "kal16 (Flite)" does not speak this script\'s language, so the built-in voice "German, male" spoke instead.',
    });
  }, 60_000);

  it('gives one TTS_FAILED sentence when the voice’s tool writes no audio', async () => {
    const broken: SystemVoiceProvider = {
      platform: 'linux',
      list: () => Promise.resolve([{ id: 'system:linux:flite:kal16', platform: 'linux', language: 'en', locale: 'en', name: 'kal16', label: 'kal16 (Flite)', quality: 'basic' }]),
      // Flite exits 0 when it cannot read the text, and writes nothing.
      speakCommand: (_voice, files) => ({ command: 'flite', args: ['-voice', 'kal16', '-f', `${files.textFile}.missing`, '-o', files.audioFile] }),
    };
    await expect(speakWithVoice({ text: 'Hello there.', language: 'en', voice: 'system:linux:flite:kal16', workDir: path.join(work.dir, 'broken') }, { provider: broken })).rejects.toMatchObject({
      code: 'TTS_FAILED',
      message: 'The computer\'s voice "kal16 (Flite)" gave no usable speech: choose another voice, or the built-in eSpeak voice.',
    });
  }, 60_000);

  it('stops the voice’s tool when the render is cancelled', async () => {
    const hanging: SystemVoiceProvider = {
      platform: 'linux',
      list: () => Promise.resolve([{ id: 'system:linux:flite:slow', platform: 'linux', language: 'en', locale: 'en', name: 'slow', label: 'slow (Flite)', quality: 'basic' }]),
      speakCommand: () => ({ command: 'sleep', args: ['30'] }),
    };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    await expect(
      speakWithVoice({ text: 'Hello there.', language: 'en', voice: 'system:linux:flite:slow', workDir: path.join(work.dir, 'cancel'), signal: controller.signal }, { provider: hanging }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('lists no voices, rather than failing, when the speech service cannot be asked', async () => {
    const failing: SystemVoiceProvider = { ...linuxProvider, list: () => Promise.reject(new Error('spd-say: connection refused')) };
    const errors: unknown[] = [];
    expect(await listSystemVoices({ provider: failing, fresh: true, onError: (e) => errors.push(e) })).toEqual([]);
    expect(errors).toHaveLength(1);
  });
});
