import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES } from '../../src-shared/limits.js';
import { tempDir } from '../../tests/support/fixtures.js';
import { runEspeak } from './espeak-process.js';
import { listVoices, resolveVoice } from './voice-catalog.js';

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
    const run = await runEspeak(
      { outDir: work.dir, voice: 'en-us', clauses: voices.map((v) => ({ text: 'one two three', voice: v.engineVoice })) },
      { timeoutMs: 60_000 },
    );
    const audio = new Map(voices.map((v, i) => [v.id, readFileSync(run.clauses[i]!.wav)]));
    for (const voice of voices) {
      expect(audio.get(voice.id)!.length, voice.id).toBeGreaterThan(10_000);
      const base = voice.id.split('+')[0]!;
      if (base !== voice.id) expect(audio.get(voice.id)!.equals(audio.get(base)!), `${voice.id} sounds like ${base}`).toBe(false);
    }
  });
});
