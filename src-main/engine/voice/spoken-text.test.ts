import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LanguageCode } from '../../../src-shared/limits.js';
import { tempDir } from '../../../tests/support/fixtures.js';
import { japaneseInteger, japaneseNumberRewrites } from './number-words-ja.js';
import { nativeBeforeCounter } from './number-words-ko.js';
import { chineseInteger } from './number-words-zh.js';
import { cleanScript, splitClauses } from './script-text.js';
import { spokenClause, spokenClauses } from './spoken-text.js';
import { speakScript } from './tts.js';

const work = tempDir('tp-spoken-');
afterAll(() => work.cleanup());

async function spokenText(text: string, language: LanguageCode): Promise<string[]> {
  const clauses = splitClauses(cleanScript(text), language);
  return (await spokenClauses(clauses, { language })).map((c) => c.text);
}

/** The phones eSpeak spoke for each caption word, as "p h o n e s". */
async function phonesByWord(text: string, language: LanguageCode): Promise<Map<string, string>> {
  const spoken = await speakScript({ text, language }, path.join(work.dir, `${language}-${Math.random().toString(36).slice(2)}`));
  return new Map(
    spoken.words.map((w, i) => [
      w.text,
      spoken.phones
        .filter((p) => p.word === i)
        .map((p) => p.ipa)
        .join(' '),
    ]),
  );
}

describe('numbers in words', () => {
  it('writes Chinese whole numbers in 万 groups with their zeros', () => {
    expect(['1005', '1250', '2026', '10000', '10005', '120000', '100000000', '100010000'].map(chineseInteger)).toEqual([
      '一千零五',
      '一千二百五十',
      '两千零二十六',
      '一万',
      '一万零五',
      '十二万',
      '一亿',
      '一亿零一万',
    ]);
  });

  it('writes Japanese whole numbers in katakana with the sound changes of 300, 600, 800, 3000 and 8000', () => {
    expect(['300', '600', '800', '1000', '3000', '8000', '10000', '1000000', '2026'].map(japaneseInteger)).toEqual([
      'サンビャク',
      'ロッピャク',
      'ハッピャク',
      'セン',
      'サンゼン',
      'ハッセン',
      'イチマン',
      'ヒャクマン',
      'ニセンニジューロク',
    ]);
  });

  it('reads Japanese dates, people and counters with their own readings and sound changes', () => {
    const text = '12月6日 2人 3本 10分 1回 8個 3つ 20歳 100本 3.5% -5';
    const read = japaneseNumberRewrites(text).map((r) => text.slice(r.start, r.end) + '=' + r.spoken);
    expect(read).toEqual([
      '12月=ジューニガツ',
      '6日=ムイカ',
      '2人=フタリ',
      '3本=サンボン',
      '10分=ジュップン',
      '1回=イッカイ',
      '8個=ハッコ',
      '3つ=ミッツ',
      '20歳=ハタチ',
      '100本=ヒャッポン',
      '3.5%=サンテンゴパーセント',
      '-5=マイナスゴ',
    ]);
  });

  it('writes Korean native numbers in their form before a counter', () => {
    expect([1, 2, 3, 4, 10, 20, 21, 99].map(nativeBeforeCounter)).toEqual(['한', '두', '세', '네', '열', '스무', '스물한', '아흔아홉']);
  });
});

describe('what eSpeak is given', () => {
  it('reads Chinese years digit by digit, amounts in 万, percent and minus in words', async () => {
    expect(await spokenText('我在2026年12月6日卖了10000件，涨了3.5%，气温-5度。', 'zh')).toEqual(['我在二〇二六年十二月六日卖了一万件，', '涨了百分之三点五，', '气温负五度。']);
  });

  it('gives Korean counters their native numbers and says the decimal point and percent', async () => {
    expect(await spokenText('사과 3개와 21명, 10시에 3.5점, 50%, 3개월.', 'ko')).toEqual(['사과 세 개와 스물한 명,', '열 시에 3 점 오점,', '50 퍼센트,', '3개월.']);
  });

  it('says the rupee sign and a day/month/year date in Hindi, and leaves what eSpeak reads well', async () => {
    expect(await spokenText('मैं ₹500 लेकर 6/12/2026 को आऊँगा, 50% और 3.5 और १२५०।', 'hi')).toEqual(['मैं 500 रुपये लेकर 6 दिसंबर 2026 को आऊँगा,', '50% और 3.5 और १२५०।']);
  });

  it('says clock times as times, not as two numbers', async () => {
    expect(await spokenText('我10:30到，9:05走。', 'zh')).toEqual(['我十点三十分到，', '九点零五分走。']);
    expect(await spokenText('10:30에 만나요.', 'ko')).toEqual(['열 시 30 분에 만나요.']);
    expect((await spokenText('9:00と4:15です。', 'ja'))[0]).toBe('クジト ヨジジューゴフンデス。');
  });

  it('reads a full-width group comma as part of the number, not a pause', async () => {
    expect(await spokenText('価格は１，２５０円です。', 'ja')).toEqual(['カカクワ センニヒャクゴジューエンデス。']);
  });

  it('leaves English and the other languages as written', async () => {
    expect(await spokenText('In 2024 we sold 3 cars.', 'en')).toEqual(['In 2024 we sold 3 cars.']);
  });

  it('cuts the spoken text into one stretch per caption word, back to back, with an empty stretch for a word said inside another', () => {
    const spoken = spokenClause('在2026年发布', ['在', '2026', '年', '发布'], [{ start: 1, end: 6, spoken: '二〇二六年' }]);
    expect(spoken.words).toEqual(['在', '二〇二六年', '', '发布']);
    expect(spoken.words.join('')).toBe(spoken.text);
    // A run in another voice makes the clause SSML, everything the creator typed escaped.
    const ssml = spokenClause(
      'a<b 良',
      ['a<b', '良'],
      [
        { start: 0, end: 3, spoken: 'a<b', voice: 'en' },
        { start: 4, end: 5, spoken: 'ヨイ' },
      ],
      'female',
    );
    expect(ssml).toEqual({
      text: '<speak><voice name="en" gender="female">a&#60;b</voice> ヨイ</speak>',
      ssml: true,
      words: ['<speak><voice name="en" gender="female">a&#60;b</voice> ', 'ヨイ</speak>'],
    });
  });
});

describe('eSpeak reads the normalised numbers as numbers', () => {
  it('Chinese: 万, a year digit by digit and 百分之', async () => {
    const phones = await phonesByWord('我在2026年卖了10000件，涨了50%。', 'zh');
    expect(phones.get('2026')).toMatch(/^ər l i ŋ ər l iou$/u);
    expect(phones.get('10000')).toContain('w ɑ n');
    expect(phones.get('10000')).not.toContain('tɕh');
    expect(phones.get('50%。')).toMatch(/^p ai f ə n ts\. i\. w u s\. i\./u);
  }, 30_000);

  it('Korean: native numbers before counters, 점 and 퍼센트', async () => {
    const phones = await phonesByWord('사과 3개와 3.5점, 50%입니다.', 'ko');
    expect(phones.get('3개와')).toMatch(/^s e ɡ ɛ/u);
    expect(phones.get('3.5점,')).toMatch(/^s ɐ m tɕ ʌ m o/u);
    expect(phones.get('50%입니다.')).toContain('ph ʌ s e n t');
  }, 30_000);

  it('Hindi: rupees and a month name instead of "slash"; Devanagari digits read as a number by eSpeak itself', async () => {
    const phones = await phonesByWord('मैं ₹500 और 6/12/2026 को आऊँगा, १२५० बार।', 'hi');
    expect(phones.get('₹500')).toContain('ɾ ʊ p j eː');
    // "ek hazaar do sau pachaas", not four digit names.
    expect(phones.get('१२५०')).toMatch(/^eː k h ʌ ɟ aː ɾ/u);
    expect(phones.get('6/12/2026')).toContain('d ɪ s ʌ m b ə ɾ');
    expect(phones.get('6/12/2026')).not.toMatch(/s l a/u);
  }, 30_000);

  it('Japanese: man and byaku, not "juu sen" and "san hyaku"', async () => {
    const phones = await phonesByWord('人口は10000人、値段は300円です。', 'ja');
    expect(phones.get('10000')).toMatch(/^i tɕ i m ä n/u);
    expect(phones.get('300')).toMatch(/^s ä ũ b ʲ ä k ɯᵝ/u);
  }, 30_000);
});
