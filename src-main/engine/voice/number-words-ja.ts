import { CLOCK_TIME, NUMBER, insideToken, plainDigits, rewriteMatches, withPrecedence, type Rewrite } from './spoken-rewrite.js';

/**
 * Japanese numbers in katakana for eSpeak's Japanese voice, which reads digits itself but
 * wrongly past the hundreds (measured with eSpeak NG 1.52: 300 "san-hyaku", 600
 * "roku-hyaku", 1000 "ichi-sen", 3000 "san-sen", 10000 "juu-sen", 1000000
 * "ichi-hyaku-man"), skips the decimal point (3.5 "san go") and says "%" in English. Dates,
 * people and the common counters take their own readings (12月 is "juuni-gatsu", not
 * "tsuki"; 3本 "sanbon"; 10分 "juppun").
 */

const DIGIT = ['ゼロ', 'イチ', 'ニ', 'サン', 'ヨン', 'ゴ', 'ロク', 'ナナ', 'ハチ', 'キュー'];
/** Sound changes of the hundreds and thousands (sanbyaku, roppyaku, happyaku, sanzen, hassen). */
const HUNDREDS: Record<number, string> = { 1: 'ヒャク', 3: 'サンビャク', 6: 'ロッピャク', 8: 'ハッピャク' };
const THOUSANDS: Record<number, string> = { 1: 'セン', 3: 'サンゼン', 8: 'ハッセン' };
/** 10^4 steps; 兆 takes a geminate after 1 and 8 (itchou, hatchou). */
const MYRIADS = ['', 'マン', 'オク', 'チョー', 'ケイ'];

function belowTenThousand(n: number): string {
  const thousands = Math.floor(n / 1000);
  const hundreds = Math.floor(n / 100) % 10;
  const tens = Math.floor(n / 10) % 10;
  const ones = n % 10;
  let out = '';
  if (thousands > 0) out += THOUSANDS[thousands] ?? `${DIGIT[thousands]}セン`;
  if (hundreds > 0) out += HUNDREDS[hundreds] ?? `${DIGIT[hundreds]}ヒャク`;
  if (tens > 0) out += tens === 1 ? 'ジュー' : `${DIGIT[tens]}ジュー`;
  if (ones > 0) out += DIGIT[ones];
  return out;
}

/** A whole number (as a digit string, any length up to 10^20) in katakana. */
export function japaneseInteger(digits: string): string {
  const trimmed = digits.replace(/^0+(?=\d)/u, '');
  if (trimmed === '0') return DIGIT[0]!;
  if (trimmed.length > 20) return [...trimmed].map((d) => DIGIT[Number(d)]).join('');
  let out = '';
  const groups = Math.ceil(trimmed.length / 4);
  for (let g = 0; g < groups; g += 1) {
    const endIndex = trimmed.length - 4 * (groups - 1 - g);
    const value = Number(trimmed.slice(Math.max(0, endIndex - 4), endIndex));
    if (value === 0) continue;
    const unit = MYRIADS[groups - 1 - g]!;
    if (unit === 'チョー' && (value === 1 || value === 8)) out += value === 1 ? 'イッチョー' : 'ハッチョー';
    else out += belowTenThousand(value) + unit;
  }
  return out;
}

const MONTH: Record<number, string> = { 4: 'シ', 7: 'シチ', 9: 'ク' };
/** Days of the month with native readings (tsuitachi … touka, hatsuka). */
const DAY: Record<number, string> = {
  1: 'ツイタチ',
  2: 'フツカ',
  3: 'ミッカ',
  4: 'ヨッカ',
  5: 'イツカ',
  6: 'ムイカ',
  7: 'ナノカ',
  8: 'ヨーカ',
  9: 'ココノカ',
  10: 'トーカ',
  14: 'ジューヨッカ',
  20: 'ハツカ',
  24: 'ニジューヨッカ',
};
const PEOPLE: Record<number, string> = { 1: 'ヒトリ', 2: 'フタリ', 4: 'ヨニン' };
const HOUR: Record<number, string> = { 4: 'ヨ', 7: 'シチ', 9: 'ク' };

/** Native counting with つ, 1–10 (hitotsu … too). */
const THINGS = ['', 'ヒトツ', 'フタツ', 'ミッツ', 'ヨッツ', 'イツツ', 'ムッツ', 'ナナツ', 'ヤッツ', 'ココノツ', 'トー'];

/**
 * Counters whose first sound changes after 1, 6, 8 and 10 (the number ends in a small
 * ッ: ippon, roppun, hakko, juppun) or after 3 (sanbon, sanpun). `plain`, `after3`,
 * `geminate`: the counter's reading in each case.
 */
const SOUND_CHANGING: Record<string, { plain: string; after3: string; geminate: string; after4?: string }> = {
  本: { plain: 'ホン', after3: 'ボン', geminate: 'ポン' },
  分: { plain: 'フン', after3: 'プン', geminate: 'プン', after4: 'プン' },
  杯: { plain: 'ハイ', after3: 'バイ', geminate: 'パイ' },
  回: { plain: 'カイ', after3: 'カイ', geminate: 'カイ' },
  個: { plain: 'コ', after3: 'コ', geminate: 'コ' },
  歳: { plain: 'サイ', after3: 'サイ', geminate: 'サイ' },
};
/** The last element of a number as said before a geminating counter: ichi → i', roku → ro', hachi → ha', juu → ju'. */
const GEMINATE_ENDINGS: Array<[string, string]> = [
  ['イチ', 'イッ'],
  ['ロク', 'ロッ'],
  ['ハチ', 'ハッ'],
  ['ジュー', 'ジュッ'],
  ['ヒャク', 'ヒャッ'],
];

function soundChanged(value: number, digits: string, counter: string): string | undefined {
  const rule = SOUND_CHANGING[counter];
  if (!rule) return undefined;
  const said = japaneseInteger(digits);
  const ones = value % 10;
  // Tens (juppon) and whole hundreds (hyappon) geminate too; thousands do not (senbon).
  const geminates = [1, 6, 8].includes(ones) || (ones === 0 && value % 1000 !== 0);
  if (geminates && !(counter === '歳' && ones === 6)) {
    const ending = GEMINATE_ENDINGS.find(([full]) => said.endsWith(full));
    if (ending) return `${said.slice(0, -ending[0].length)}${ending[1]}${rule.geminate}`;
  }
  if (ones === 3) return `${said}${rule.after3}`;
  if (ones === 4 && rule.after4) return `${said}${rule.after4}`;
  return `${said}${rule.plain}`;
}

/** A counted whole number: number and counter read together. */
function counted(value: number, digits: string, counter: string): string {
  if (counter === '月' && value >= 1 && value <= 12) return `${MONTH[value] ?? japaneseInteger(digits)}ガツ`;
  // The native day readings serve both a date (6日) and a count of days (3日間, "mikkakan").
  if (counter === '日' && value >= 1 && value <= 31) return DAY[value] ?? `${japaneseInteger(digits)}ニチ`;
  if (counter === '人' && value >= 1) return PEOPLE[value] ?? `${japaneseInteger(digits)}ニン`;
  if (counter === '時' && value <= 24) return `${HOUR[value] ?? japaneseInteger(digits)}ジ`;
  if (counter === 'つ' && value >= 1 && value <= 10) return THINGS[value]!;
  if (counter === '歳' && value === 20) return 'ハタチ';
  return soundChanged(value, digits, counter) ?? `${japaneseInteger(digits)}${COUNTER[counter] ?? ''}`;
}

/** The counters' plain readings, for a number none of the rules above fits (13月, 11つ). */
const COUNTER: Record<string, string> = { 月: 'ツキ', 日: 'ニチ', 人: 'ニン', 時: 'ジ', つ: 'ツ' };

const JA_NUMBER = new RegExp(`${NUMBER.source}([%％]|[月日人時つ本分杯回個歳])?`, 'gu');

/** 10:30 "juuji sanjuppun", 9:00 "kuji". */
function clockTime(hours: string, minutes: string): string {
  const h = Number(hours);
  const m = Number(minutes);
  return `${counted(h, String(h), '時')}${m === 0 ? '' : counted(m, String(m), '分')}`;
}

export function japaneseNumberRewrites(text: string): Rewrite[] {
  const times = rewriteMatches(text, CLOCK_TIME, (m) => clockTime(m[1] ?? '0', m[2] ?? '0'));
  return withPrecedence(times, amounts(text));
}

function amounts(text: string): Rewrite[] {
  return rewriteMatches(text, JA_NUMBER, (m) => {
    const [written = '', sign = '', whole = '', decimals, after] = m;
    if (insideToken(text, m.index, m.index + written.length)) return undefined;
    const digits = plainDigits(whole);
    const minus = sign !== '' ? 'マイナス' : '';
    if (decimals !== undefined) {
      const point = `${japaneseInteger(digits)}テン${[...plainDigits(decimals)].map((d) => DIGIT[Number(d)]).join('')}`;
      const unit = after === '%' || after === '％' ? 'パーセント' : after !== undefined ? (COUNTER[after] ?? SOUND_CHANGING[after]?.plain ?? '') : '';
      return `${minus}${point}${unit}`;
    }
    if (after === '%' || after === '％') return `${minus}${japaneseInteger(digits)}パーセント`;
    if (after !== undefined) return `${minus}${counted(Number(digits), digits, after)}`;
    return `${minus}${japaneseInteger(digits)}`;
  });
}
