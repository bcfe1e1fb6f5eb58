import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';
import { checkRecordingAgainstTarget, checkScriptAgainstTarget, estimateSpokenSeconds, parseTargetSeconds, spokenUnits } from '../../src-shared/spoken-length.js';

const words = (n: number): string => Array.from({ length: n }, (_, i) => (i % 7 === 6 ? 'shoe.' : 'running')).join(' ');

describe('spoken length against the target duration', () => {
  it('counts words where words are spaced, and letters in Japanese and Chinese', () => {
    expect(spokenUnits('Hi, I am Maya — here is our new shoe!', 'en')).toBe(9);
    expect(spokenUnits('  ', 'en')).toBe(0);
    expect(spokenUnits('こんにちは、マヤです。', 'ja')).toBe(9);
    expect(spokenUnits('你好，我是玛雅。', 'zh')).toBe(6);
    expect(estimateSpokenSeconds('', 'en')).toBe(0);
  });

  it('says how much to cut from a script clearly too long: "About 14 s of speech for a 10 s video: cut about 14 words."', () => {
    const script = words(46);
    const check = checkScriptAgainstTarget(script, 'en', 10);
    expect(check.spokenS).toBeCloseTo(13.9, 1);
    expect(check.fits).toBe(false);
    expect(check.sentence).toBe('About 14 s of speech for a 10 s video: cut about 14 words.');
    // Cutting what it says brings it to the target.
    expect(checkScriptAgainstTarget(words(46 - 14), 'en', 10).over).toBe(false);
  });

  it('lets a script a little over its target through with a note, and one within it with none', () => {
    // 11.2 s for 10 s: over by 12 %, inside the 15 % tolerance.
    const near = checkScriptAgainstTarget(words(37), 'en', 10);
    expect(near).toMatchObject({ over: true, fits: true });
    expect(near.sentence).toMatch(/^About 11 s of speech for a 10 s video: cut about 5 words\.$/);
    expect(checkScriptAgainstTarget(words(30), 'en', 10)).toMatchObject({ over: false, fits: true, sentence: null });
    // A short target gets a second's margin rather than 15 % of it.
    expect(checkScriptAgainstTarget(words(6), 'en', 2).fits).toBe(true);
  });

  it('counts Japanese in characters', () => {
    const check = checkScriptAgainstTarget('こんにちは'.repeat(20), 'ja', 10);
    expect(check.sentence).toBe('About 18 s of speech for a 10 s video: cut about 46 characters.');
  });

  it('says the same for a recording longer than the target, in seconds', () => {
    expect(checkRecordingAgainstTarget(14.2, 10)).toMatchObject({ fits: false, sentence: 'About 14 s of speech for a 10 s video: cut about 5 seconds from the recording.' });
    expect(checkRecordingAgainstTarget(9.5, 10)).toMatchObject({ fits: true, sentence: null });
  });

  it('takes a whole number of seconds from 1 to 60', () => {
    expect(parseTargetSeconds('15')).toBe(15);
    for (const bad of ['0', '61', '7.5', 'ten', '']) expect(parseTargetSeconds(bad)).toBe('The target duration must be a whole number of seconds from 1 to 60.');
  });

  it('is within the tolerance of what the built-in voice really says, on passages it was not measured on', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'tp-spoken-'));
    try {
      const passages = [
        {
          language: 'en' as const,
          text: 'Welcome back to the kitchen. Today we bake a simple loaf of bread with four things: flour, water, salt and a little yeast. Mix them, wait an hour, and the dough does the rest.',
        },
        {
          language: 'es' as const,
          text: 'Bienvenidos a la cocina. Hoy hacemos un pan sencillo con cuatro cosas: harina, agua, sal y un poco de levadura. Mézclalas, espera una hora y la masa hace el resto.',
        },
      ];
      for (const { language, text } of passages) {
        const real = (await synthesizeSpeech({ text, language, workDir: path.join(work, language) })).durationS;
        const estimate = estimateSpokenSeconds(text, language);
        expect(Math.abs(estimate - real) / real, `${language}: estimated ${estimate.toFixed(1)} s, spoken ${real.toFixed(1)} s`).toBeLessThan(0.15);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
