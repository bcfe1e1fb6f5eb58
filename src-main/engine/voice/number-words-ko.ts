import { CLOCK_TIME, NUMBER, insideToken, plainDigits, rewriteMatches, withPrecedence, type Rewrite } from './spoken-rewrite.js';

/**
 * Korean numbers: eSpeak's Korean voice reads whole numbers right in Sino-Korean (2026
 * "i-cheon i-sip-yuk", 10000 "man"), so those stay digits. It gets wrong, measured with
 * eSpeak NG 1.52: the decimal point (3.5 "sam o"), "%" (English "percent"), the minus
 * sign (dropped), and counters that take the native numbers (3개 "sam gae", said "se
 * gae"; 10시 "sip si", said "yeol si"). Those are written out in Hangul here.
 */

const SINO_DIGIT = ['영', '일', '이', '삼', '사', '오', '육', '칠', '팔', '구'];
/** Native numbers as they stand before a counter (하나 → 한, 둘 → 두, 스물 → 스무). */
const NATIVE_ONES = ['', '한', '두', '세', '네', '다섯', '여섯', '일곱', '여덟', '아홉'];
const NATIVE_TENS = ['', '열', '스물', '서른', '마흔', '쉰', '예순', '일흔', '여든', '아흔'];
/**
 * Counters read with native numbers up to 99. 번 and 분 are left out: 3번 may be "number
 * three" (Sino) and minutes are Sino.
 */
const NATIVE_COUNTERS = ['개', '명', '시간', '시', '살', '마리', '사람', '잔', '권', '장', '병', '번째', '가지'];

/** 1–99 in native Korean, in its form before a counter: 20 is 스무, 21 스물한. */
export function nativeBeforeCounter(n: number): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (tens === 2 && ones === 0) return '스무';
  return `${NATIVE_TENS[tens]}${NATIVE_ONES[ones]}`;
}

const KO_NUMBER = new RegExp(`${NUMBER.source}([%％])?(${NATIVE_COUNTERS.join('|')})?`, 'gu');

/** 10:30 "yeol si samsip bun": hours native (1–12), minutes Sino (eSpeak reads the digits). */
function clockTime(hours: string, minutes: string): string {
  const h = Number(hours);
  const m = Number(minutes);
  const hour = h >= 1 && h <= 12 ? nativeBeforeCounter(h) : String(h);
  return `${hour} 시${m === 0 ? '' : ` ${m} 분`}`;
}

export function koreanNumberRewrites(text: string): Rewrite[] {
  const times = rewriteMatches(text, CLOCK_TIME, (m) => clockTime(m[1] ?? '0', m[2] ?? '0'));
  return withPrecedence(times, amounts(text));
}

function amounts(text: string): Rewrite[] {
  return rewriteMatches(text, KO_NUMBER, (m) => {
    const [written = '', sign = '', whole = '', decimals, percent, counter] = m;
    if (insideToken(text, m.index, m.index + written.length)) return undefined;
    const digits = plainDigits(whole);
    const minus = sign !== '' ? '마이너스 ' : '';
    const value = Number(digits);
    // 개월 (months) is counted in Sino-Korean, which eSpeak already says: 3개월 "sam gae-wol".
    if (counter === '개' && text[m.index + m[0].length] === '월') return undefined;
    // 시 counts hours only up to 12 (and 24 for the day's hours); 13시 is read "sip-sam si".
    const native = counter !== undefined && decimals === undefined && percent === undefined && sign === '' && value >= 1 && value <= 99 && (counter !== '시' || value <= 12);
    if (native) return `${nativeBeforeCounter(value)} ${counter}`;
    if (decimals === undefined && percent === undefined && sign === '') return undefined;
    const point = decimals === undefined ? '' : ` 점 ${[...plainDigits(decimals)].map((d) => SINO_DIGIT[Number(d)]).join('')}`;
    return `${minus}${digits}${point}${percent !== undefined ? ' 퍼센트' : ''}${counter ?? ''}`;
  });
}
