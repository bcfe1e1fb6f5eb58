import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES } from '../../../src-shared/limits.js';
import { tempDir } from '../../../tests/support/fixtures.js';
import { runEspeak } from './espeak-process.js';
import { linuxVoicesOf, parseSpdVoices } from './system-voices/linux.js';
import { macosVoices, parseSayVoices } from './system-voices/macos.js';
import { listVoices, resolveVoice, voiceChoices } from './voice-catalog.js';

const work = tempDir('tp-voices-');
afterAll(() => work.cleanup());

describe('voice catalog', () => {
  it('offers a default voice and a female variant for every script language', () => {
    for (const language of SUPPORTED_LANGUAGES) {
      const voices = listVoices(language);
      expect(voices.filter((v) => v.isDefault)).toHaveLength(1);
      expect(voices[0]?.isDefault).toBe(true);
      expect(voices.some((v) => v.gender === 'female')).toBe(true);
      expect(resolveVoice(language).id).toBe(voices[0]?.id);
    }
    expect(resolveVoice('zh').id).toBe('cmn');
  });

  it('lists only voices this eSpeak build speaks, each variant sounding unlike its base voice', async () => {
    const voices = listVoices();
    const run = await runEspeak({ outDir: work.dir, voice: 'en-us', clauses: voices.map((v) => ({ text: 'one two three', voice: v.engineVoice })) }, { timeoutMs: 60_000 });
    const audio = new Map(voices.map((v, i) => [v.id, readFileSync(run.clauses[i]!.wav)]));
    for (const voice of voices) {
      expect(audio.get(voice.id)!.length, voice.id).toBeGreaterThan(10_000);
      const base = voice.id.split('+')[0]!;
      if (base !== voice.id) expect(audio.get(voice.id)!.equals(audio.get(base)!), `${voice.id} sounds like ${base}`).toBe(false);
    }
  });
});

describe('voice choices with the computer’s own voices', () => {
  const fixture = (name: string): string => readFileSync(new URL(`./system-voices/fixtures/${name}`, import.meta.url), 'utf8');

  it('makes the best natural Mac voice the English default, ahead of eSpeak, and keeps eSpeak where the Mac has none', () => {
    const system = macosVoices(parseSayVoices(fixture('say-voices-macos14.txt')));
    const english = voiceChoices(system, 'en');
    expect(english.filter((v) => v.isDefault).map((v) => v.id)).toEqual(['system:macos:say:Ava (Premium)']);
    expect(english.slice(0, 2).map((v) => v.quality)).toEqual(['premium', 'enhanced']);
    expect(english.find((v) => v.id === 'en-us')).toMatchObject({ engine: 'espeak-ng', isDefault: false, quality: 'basic' });
    expect(english.find((v) => v.id === 'system:macos:say:Eddy (English (US))')).toMatchObject({ engine: 'system', quality: 'basic', isDefault: false });
    expect(voiceChoices(system, 'ko').find((v) => v.isDefault)?.id).toBe('system:macos:say:Yuna');
    expect(voiceChoices([], 'ko').find((v) => v.isDefault)?.id).toBe('ko');
  });

  it('offers Linux speech-dispatcher voices without making them the default', () => {
    const system = linuxVoicesOf('flite', parseSpdVoices(fixture('spd-say-flite.txt')));
    const english = voiceChoices(system, 'en');
    expect(english[0]).toMatchObject({ id: 'system:linux:flite:kal16', engine: 'system', isDefault: false, engineVoice: 'en-us' });
    expect(english.find((v) => v.isDefault)?.id).toBe('en-us');
  });

  it('accepts a system voice id as it is (case kept) and refuses other unknown ids', () => {
    expect(resolveVoice('en', 'system:windows:onecore:Microsoft Aria (Natural)')).toMatchObject({
      id: 'system:windows:onecore:Microsoft Aria (Natural)',
      engine: 'system',
      engineVoice: 'en-us',
    });
    expect(() => resolveVoice('en', 'system:nowhere')).toThrow(/There is no voice "system:nowhere"/);
  });
});
