import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/fixtures.js';
import { japaneseTokenizer } from './japanese-reading.js';
import { cleanScript, splitClauses } from './script-text.js';
import { spokenClauses } from './spoken-text.js';
import { synthesizeSpeech } from './tts.js';

const work = tempDir('tp-japanese-');
afterAll(() => work.cleanup());

const MIXED = '今日は良い天気です。2026年12月6日にYouTubeで新しい動画を公開します！';

/**
 * The phones eSpeak NG's Japanese voice speaks (its ja phoneme table, as IPA). Mandarin's
 * (tʰ, tɕʰ, retroflex ʂ/ʐ written "s." "ts.", iɛ, ou, ə) and the English "Chinese letter"
 * are not in it.
 */
const JAPANESE_PHONES = new Set(['k', 'ʲ', 'ɡ', 's', 'z', 'dz', 't', 'ts', 'tɕ', 'd', 'dʑ', 'n', 'h', 'ç', 'ɸ', 'b', 'p', 'm', 'j', 'ɽ', 'w', 'ɕ', 'ŋ', 'ɴ', 'ɲ', 'ä', 'i', 'ɯᵝ', 'e̞', 'o̞', 'ũ', 'ĩ']);

describe('Japanese reading', () => {
  it('gives eSpeak kana for kanji, pronounced particles, numbers and dates in kana, and Latin words in the English voice', async () => {
    const clauses = splitClauses(cleanScript(MIXED), 'ja');
    const spoken = await spokenClauses(clauses, { language: 'ja' });
    expect(spoken.map((c) => c.text)).toEqual([
      'キョーワ ヨイ テンキデス。',
      '<speak>ニセンニジューロクネン ジューニガツ ムイカニ <voice name="en">YouTube</voice>デ アタラシイ ドーガオ コーカイ シマス!</speak>',
    ]);
    for (const clause of spoken) expect(clause.text).not.toMatch(/\p{Script=Han}/u);
    // Each caption word keeps its own stretch of the reading, so its time comes from eSpeak.
    expect(spoken[0]!.words).toEqual(['キョー', 'ワ', ' ヨイ', ' テンキ', 'デス。']);
  });

  it('builds the tokenizer once and keeps it', async () => {
    const first = await japaneseTokenizer();
    const started = performance.now();
    expect(await japaneseTokenizer()).toBe(first);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('speaks kanji, kana, Latin and numbers with Japanese phones, timed, and no Mandarin', async () => {
    const voice = await synthesizeSpeech({ text: MIXED, language: 'ja', workDir: path.join(work.dir, 'mixed') });
    expect(voice.words.map((w) => w.text).join('')).toBe(MIXED);
    expect(voice.phones.method).toBe('synthesizer');
    const { phones } = voice.phones;
    expect(phones.length).toBeGreaterThan(60);
    for (const [i, phone] of phones.entries()) {
      expect(phone.endS).toBeGreaterThan(phone.startS);
      expect(phone.endS).toBeLessThanOrEqual(voice.durationS);
      if (i > 0) expect(phone.startS).toBeGreaterThanOrEqual(phones[i - 1]!.endS - 1e-9);
    }
    const latin = voice.words.findIndex((w) => w.text === 'YouTube');
    const japanese = phones.filter((p) => p.word !== latin).map((p) => p.ipa);
    expect(japanese.filter((ipa) => !JAPANESE_PHONES.has(ipa))).toEqual([]);
    // The date is said as a date: juu-ni-gatsu mu-i-ka, not "12 tsuki 6 nichi".
    expect(japanese.join(' ')).toContain('dʑ ɯᵝ n i ɡ ä ts ɯᵝ m ɯᵝ i k ä');
    // YouTube in English, not spelled "waɪ oʊ juː…" letter by letter.
    expect(
      phones
        .filter((p) => p.word === latin)
        .map((p) => p.ipa)
        .join(' '),
    ).toBe('j uː t j uː b');
    // Every caption word is on screen while it is heard, in order.
    for (const [i, word] of voice.words.entries()) {
      expect(word.endS).toBeGreaterThan(word.startS);
      if (i > 0) expect(word.startS).toBeGreaterThanOrEqual(voice.words[i - 1]!.endS);
    }
    expect(voice.durationS).toBeLessThan(9);
  }, 30_000);
});
