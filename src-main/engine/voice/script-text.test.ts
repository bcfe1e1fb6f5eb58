import { describe, expect, it } from 'vitest';
import { cleanScript, splitClauses } from './script-text.js';

const clausesOf = (text: string, language: Parameters<typeof splitClauses>[1]) => splitClauses(cleanScript(text), language).map((c) => ({ text: c.text, breakAfter: c.breakAfter, words: c.words }));

describe('script clauses', () => {
  it('splits English at sentence and comma punctuation but not inside numbers or abbreviations', () => {
    const clauses = clausesOf("Hello there! I'm Dr. Smith, and pi is 3.14; it costs $1,000 at 10:30... Really?!", 'en');
    expect(clauses.map((c) => c.text)).toEqual(['Hello there!', "I'm Dr. Smith,", 'and pi is 3.14;', 'it costs $1,000 at 10:30.', 'Really?!']);
    expect(clauses.map((c) => c.breakAfter)).toEqual(['sentence', 'comma', 'comma', 'sentence', 'end']);
    expect(clauses[1]?.words).toEqual(["I'm", 'Dr.', 'Smith,']);
  });

  it('treats a blank line as a paragraph pause and a spaced dash as a comma', () => {
    const clauses = clausesOf('First line\n\nSecond part - with a dash', 'en');
    expect(clauses.map((c) => [c.text, c.breakAfter])).toEqual([
      ['First line', 'paragraph'],
      ['Second part', 'comma'],
      ['with a dash', 'end'],
    ]);
  });

  it('splits Hindi at the danda and CJK at full-width punctuation without spaces', () => {
    expect(clausesOf('नमस्ते दुनिया, आप कैसे हैं। धन्यवाद', 'hi').map((c) => c.text)).toEqual(['नमस्ते दुनिया,', 'आप कैसे हैं।', 'धन्यवाद']);
    const zh = clausesOf('你好，世界。今天天气很好！', 'zh');
    expect(zh.map((c) => c.text)).toEqual(['你好，', '世界。', '今天天气很好！']);
    // Words of unspaced scripts come from the dictionary segmenter: short runs, not the whole clause.
    expect(zh[2]?.words.join('')).toBe('今天天气很好！');
    expect(zh[2]?.words.length).toBeGreaterThan(1);
  });

  it("keeps the script's punctuation and casing on the words captions show", () => {
    const words = (text: string, language: Parameters<typeof splitClauses>[1]) => clausesOf(text, language).map((c) => c.words);
    expect(words('Hello! I am a talking photo, made right here on your own computer.', 'en')).toEqual([
      ['Hello!'],
      ['I', 'am', 'a', 'talking', 'photo,'],
      ['made', 'right', 'here', 'on', 'your', 'own', 'computer.'],
    ]);
    // Joined marks stay inside a word; a spoken symbol is a word of its own; quotes and brackets hug their word.
    expect(words('He said "yes" (twice) at 10:30 to the co-op & $1,000 fans.', 'en')).toEqual([['He', 'said', '"yes"', '(twice)', 'at', '10:30', 'to', 'the', 'co-op', '&', '$1,000', 'fans.']]);
    // Unspaced scripts: dictionary words, the full-width marks on the word they touch, openers on the next.
    expect(words('彼は「はい」と言った。', 'ja')).toEqual([['彼', 'は', '「はい」', 'と', '言', 'っ', 'た。']]);
    expect(words('我在YouTube发布了50%的视频。', 'zh')[0]).toEqual(['我在', 'YouTube', '发布', '了', '50%', '的', '视频。']);
    // Korean and Hindi are spaced: a word is what stands between spaces.
    expect(words('사과 3개와 3.5점입니다.', 'ko')).toEqual([['사과', '3개와', '3.5점입니다.']]);
    expect(words('मैं ₹500 और 6/12/2026 को आऊँगा।', 'hi')).toEqual([['मैं', '₹500', 'और', '6/12/2026', 'को', 'आऊँगा।']]);
  });

  it('drops control characters, bidi overrides and emoji, and collapses repeated punctuation', () => {
    expect(clausesOf('Hi\u0007 there 🙂\u202E friend!!!', 'en')).toEqual([{ text: 'Hi there friend!', breakAfter: 'end', words: ['Hi', 'there', 'friend!'] }]);
  });

  it('refuses empty, too long and unspeakable scripts with their codes', () => {
    expect(() => cleanScript(' \n\t ')).toThrow(expect.objectContaining({ code: 'SCRIPT_EMPTY' }));
    expect(() => cleanScript('\u0007\u0008')).toThrow(expect.objectContaining({ code: 'SCRIPT_EMPTY' }));
    expect(() => cleanScript('a'.repeat(5001))).toThrow(expect.objectContaining({ code: 'SCRIPT_TOO_LONG' }));
    expect(() => cleanScript('!!! ... 🙂🎉 ?')).toThrow(expect.objectContaining({ code: 'SCRIPT_NOT_SPEAKABLE' }));
    // 5000 characters counted as the creator sees them, not as UTF-16 units.
    expect(() => cleanScript('𠮷'.repeat(5000))).not.toThrow();
  });
});
