import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES, type LanguageCode } from '../../../src-shared/limits.js';
import { runEspeak } from '../voice/espeak-process.js';
import { phoneShapes, unmappedSymbols } from './visemes.js';

/** A sentence per language that exercises its particular sounds. */
const SENTENCES: Record<LanguageCode, { text: string }> = {
  en: { text: 'Peter bought a blue boat; we should move through the thick fog, judge the vision, cheese and joy. Why now? Pure thought.' },
  es: { text: 'Buenos días, me llamo Pablo y quiero mucho a mi perro. El niño come churros y bebe agua fría con hielo.' },
  fr: { text: 'Bonjour, je voudrais un pain au chocolat et un verre de vin blanc. Ils sont heureux, une fleur brune, le chien jaune.' },
  de: { text: 'Guten Tag, ich möchte fünf Brötchen und ein Glas Milch. Über die Brücke gehen wir zur schönen Stadt, Pfeffer und Zucker.' },
  hi: { text: 'नमस्ते, मेरा नाम राहुल है। मैं भारत में रहता हूँ और मुझे पढ़ना बहुत पसंद है। ठंडा पानी, घर, झंडा, डॉक्टर।' },
  zh: { text: '你好，我的名字是小明。我们今天去北京吃饭，喝茶，看书。四十是十四，绿色的鱼。' },
  ja: { text: 'ありがとうございます。つくえ、ふじさん、りんご、さくら、しんぶん、ちいさい、ひゃく、ぎゅうにゅう。' },
  ko: { text: '안녕하세요, 제 이름은 민수입니다. 오늘 날씨가 정말 좋네요. 감사합니다. 학교에서 친구를 만났어요.' },
};

describe('phone → mouth shape map', () => {
  let dir: string;
  const ipa: Partial<Record<LanguageCode, string>> = {};
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tp-visemes-'));
    for (const language of SUPPORTED_LANGUAGES) {
      const { text } = SENTENCES[language];
      // eSpeak's own name for the language (Mandarin is "cmn").
      const voice = language === 'zh' ? 'cmn' : language;
      const outDir = path.join(dir, language);
      await mkdir(outDir);
      const run = await runEspeak({ outDir, voice, clauses: [{ text }] }, { timeoutMs: 60_000 }).catch((e) => {
        throw new Error(language + ': ' + String((e as { detail?: string }).detail));
      });
      ipa[language] = run.clauses.map((c) => c.ipa).join('\n');
    }
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([...SUPPORTED_LANGUAGES])('maps every symbol eSpeak writes for %s to a mouth shape', (language) => {
    const spoken = ipa[language]!;
    expect(spoken.replace(/\s/g, '').length).toBeGreaterThan(20);
    expect(unmappedSymbols(spoken)).toEqual([]);
  });

  it('shuts the lips for p, b and m, and only there', () => {
    for (const p of ['p', 'b', 'm', 'pʰ', 'bʰ']) expect(phoneShapes(p).shapes[0]!.close).toBe(1);
    for (const p of ['t', 'a', 'ʃ', 'k', 'ɾ', 'ɳ']) expect(phoneShapes(p).shapes[0]!.close).toBeLessThan(0.5);
  });

  it('rounds u, o, w, ü and ö and spreads i and e', () => {
    for (const p of ['u', 'uː', 'o', 'w', 'y', 'ø', 'ʏ', 'œ']) expect(phoneShapes(p).shapes[0]!.round, p).toBeGreaterThan(0.5);
    for (const p of ['i', 'iː', 'e', 'ɪ', 'ɛ']) {
      expect(phoneShapes(p).shapes[0]!.spread, p).toBeGreaterThan(0.3);
      expect(phoneShapes(p).shapes[0]!.round, p).toBe(0);
    }
    // German ü keeps the jaw of i with the lips of u.
    expect(phoneShapes('y').shapes[0]!.jaw).toBeCloseTo(phoneShapes('i').shapes[0]!.jaw, 5);
  });

  it('opens the jaw most on open vowels, French nasal vowels included', () => {
    const jaw = (p: string): number => phoneShapes(p).shapes[0]!.jaw;
    expect(jaw('a')).toBeGreaterThan(2 * jaw('i'));
    expect(jaw('ɑ̃')).toBeCloseTo(jaw('ɑ'), 5);
    expect(jaw('ɛ̃')).toBeGreaterThan(jaw('e'));
  });

  it('moves through two shapes on a diphthong and on "pf", and shows the fricative of "tʃ"', () => {
    const ai = phoneShapes('aɪ');
    expect(ai.shapes).toHaveLength(2);
    expect(ai.shapes[0]!.jaw).toBeGreaterThan(ai.shapes[1]!.jaw);
    expect(phoneShapes('pf').shapes.map((s) => s.close)).toEqual([1, 0.75]);
    expect(phoneShapes('tʃ').shapes).toEqual([phoneShapes('ʃ').shapes[0]]);
    expect(phoneShapes('ts.h').shapes).toEqual([phoneShapes('s').shapes[0]]);
  });

  it('gives silence the resting mouth', () => {
    expect(phoneShapes('').shapes[0]).toEqual({ jaw: 0, close: 0, round: 0, spread: 0 });
  });
});
