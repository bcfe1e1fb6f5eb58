import { CLOCK_TIME, NUMBER, insideToken, plainDigits, rewriteMatches, withPrecedence, type Rewrite } from './spoken-rewrite.js';

/**
 * Chinese numbers in Han numerals for eSpeak's Mandarin voice, which reads digits itself
 * but groups them in thousands, not in 万 (measured with eSpeak NG 1.52: 10000 "shi qian",
 * 120000 "yi bai er shi qian", 100000000 "yi bai wan"), drops the inner zero (1005 "yi
 * qian wu"), reads a year as an amount (2026年 "er qian er shi liu nian", said "er ling
 * er liu nian"), says "%" in English and drops the minus sign. Decimals (3.5) it reads
 * well, but they go through here too so a number is read one way.
 */

const DIGIT = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** Digits of a year or a decimal part, read one by one. */
const SPELLED = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const MYRIADS = ['', '万', '亿', '万亿'];

function belowTenThousand(n: number, leadingZero: boolean): string {
  const places: Array<[number, string]> = [
    [Math.floor(n / 1000), '千'],
    [Math.floor(n / 100) % 10, '百'],
    [Math.floor(n / 10) % 10, '十'],
    [n % 10, ''],
  ];
  let out = '';
  let zero = leadingZero;
  for (const [digit, unit] of places) {
    if (digit === 0) {
      if (out !== '') zero = true;
      continue;
    }
    if (zero && (out !== '' || leadingZero)) out += '零';
    zero = false;
    out += DIGIT[digit] + unit;
  }
  return out;
}

/** A whole number (as a digit string) in Han numerals: 1005 一千零五, 120000 十二万. */
export function chineseInteger(digits: string): string {
  const trimmed = digits.replace(/^0+(?=\d)/u, '');
  if (trimmed === '0') return DIGIT[0]!;
  if (trimmed.length > 16) return [...trimmed].map((d) => SPELLED[Number(d)]).join('');
  const groups = Math.ceil(trimmed.length / 4);
  let out = '';
  let pendingZero = false;
  for (let g = 0; g < groups; g += 1) {
    const endIndex = trimmed.length - 4 * (groups - 1 - g);
    const value = Number(trimmed.slice(Math.max(0, endIndex - 4), endIndex));
    if (value === 0) {
      pendingZero = out !== '';
      continue;
    }
    // A group under 1000 after a higher one is read with a zero: 10005 一万零五.
    const needsZero = out !== '' && (pendingZero || value < 1000);
    out += belowTenThousand(value, needsZero) + MYRIADS[groups - 1 - g];
    pendingZero = false;
  }
  // 10–19 at the front are said 十…, not 一十…; a leading 2000 or 20000 is 两千, 两万.
  return out.replace(/^一十/u, '十').replace(/^二(?=[千万亿])/u, '两');
}

const ZH_NUMBER = new RegExp(`${NUMBER.source}([%％年])?`, 'gu');

/** 10:30 十点三十分, 9:05 九点零五分, 2:00 两点. */
function clockTime(hours: string, minutes: string): string {
  const h = Number(hours);
  const m = Number(minutes);
  const hour = h === 2 ? '两' : chineseInteger(String(h));
  const minute = m === 0 ? '' : m < 10 ? `零${DIGIT[m]}分` : `${chineseInteger(String(m))}分`;
  return `${hour}点${minute}`;
}

export function chineseNumberRewrites(text: string): Rewrite[] {
  const times = rewriteMatches(text, CLOCK_TIME, (m) => clockTime(m[1] ?? '0', m[2] ?? '0'));
  return withPrecedence(times, amounts(text));
}

function amounts(text: string): Rewrite[] {
  return rewriteMatches(text, ZH_NUMBER, (m) => {
    const [written = '', sign = '', whole = '', decimals, after] = m;
    if (insideToken(text, m.index, m.index + written.length)) return undefined;
    const digits = plainDigits(whole);
    const minus = sign !== '' ? '负' : '';
    if (after === '年' && decimals === undefined && sign === '' && digits.length >= 2 && digits.length <= 4) {
      return `${[...digits].map((d) => SPELLED[Number(d)]).join('')}年`;
    }
    const point = decimals === undefined ? '' : `点${[...plainDigits(decimals)].map((d) => DIGIT[Number(d)]).join('')}`;
    const amount = `${minus}${chineseInteger(digits)}${point}`;
    if (after === '%' || after === '％') return `百分之${amount}`;
    return `${amount}${after ?? ''}`;
  });
}
