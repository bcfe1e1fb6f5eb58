import { rewriteMatches, type Rewrite } from './spoken-rewrite.js';

/**
 * Hindi: eSpeak's Hindi voice reads numbers well by itself, measured with eSpeak NG 1.52:
 * Latin and Devanagari digits (2026, १२५० "ek hazaar do sau pachaas"), Indian grouping
 * (1,00,000 "ek laakh"), decimals (3.5 "teen dashamlav paanch") and "%" ("pratishat").
 * It gets wrong the rupee sign (₹500 "paanch sau", the ₹ dropped), a date written with
 * slashes or dashes (6/12/2026 "chhah slash baarah slash …") and the minus sign (dropped).
 */

const DIGITS = '[0-9०-९]';
const MONTHS = ['जनवरी', 'फ़रवरी', 'मार्च', 'अप्रैल', 'मई', 'जून', 'जुलाई', 'अगस्त', 'सितंबर', 'अक्टूबर', 'नवंबर', 'दिसंबर'];

function asciiDigits(text: string): string {
  return text.replace(/[०-९]/gu, (d) => String(d.charCodeAt(0) - 0x0966));
}

/** Day/month/year, the order India writes dates in. */
const DATE = new RegExp(`(?<![0-9०-९/.-])(${DIGITS}{1,2})([/.-])(${DIGITS}{1,2})\\2(${DIGITS}{4}|${DIGITS}{2})(?![0-9०-९])`, 'gu');
const RUPEES = new RegExp(`₹\\s?(${DIGITS}[0-9०-९,]*(?:\\.${DIGITS}+)?)`, 'gu');
const MINUS = new RegExp(`(?<![0-9०-९\\p{L}])[-−](?=${DIGITS})`, 'gu');

export function hindiNumberRewrites(text: string): Rewrite[] {
  const dates = rewriteMatches(text, DATE, (m) => {
    const [, day = '', , month = '', year = ''] = m;
    const name = MONTHS[Number(asciiDigits(month)) - 1];
    const dayNumber = Number(asciiDigits(day));
    if (name === undefined || dayNumber < 1 || dayNumber > 31) return undefined;
    return `${day} ${name} ${year}`;
  });
  const rupees = rewriteMatches(text, RUPEES, (m) => `${m[1]} रुपये`);
  const minus = rewriteMatches(text, MINUS, () => 'माइनस ');
  return [...dates, ...rupees, ...minus].sort((a, b) => a.start - b.start);
}
