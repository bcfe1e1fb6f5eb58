import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import kuromoji from 'kuromoji';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { japaneseNumberRewrites } from './number-words-ja.js';
import type { Rewrite } from './spoken-rewrite.js';

/**
 * Japanese as eSpeak can say it: eSpeak's Japanese voice reads only kana (a kanji is
 * "Chinese letter"), so kuromoji (Apache-2.0, its IPADIC dictionary inside its npm
 * package) finds each word's reading. We give eSpeak the pronunciation, not the spelling
 * (the particle は is "wa", へ "e"), one space between phrases (a word and the particles
 * after it) so its word events time the captions, Latin words in the English voice
 * (the Japanese voice spells "YouTube" letter by letter), and numbers from
 * number-words-ja.
 */

type Token = kuromoji.IpadicFeatures;

const require = createRequire(import.meta.url);
let loading: Promise<kuromoji.Tokenizer<Token>> | undefined;
let release: NodeJS.Timeout | undefined;

/**
 * Voice previews run in the app's main process: a tokenizer nobody has used for this
 * long is let go, so one Japanese preview does not hold ~256 MB for the rest of the session.
 */
const RELEASE_AFTER_IDLE_MS = 5 * 60_000;

/**
 * The tokenizer, built once and kept while in use: building it reads and unpacks the
 * 18 MB (gzipped) dictionary (measured 0.9 s on an idle core, 2–3 s with both cores busy; after GC
 * the process holds +256 MB RSS: 72 MB heap, 134 MB buffers). A failed load is not kept,
 * so the next script tries again.
 */
export function japaneseTokenizer(): Promise<kuromoji.Tokenizer<Token>> {
  clearTimeout(release);
  release = setTimeout(() => {
    loading = undefined;
  }, RELEASE_AFTER_IDLE_MS);
  release.unref();
  loading ??= new Promise<kuromoji.Tokenizer<Token>>((resolve, reject) => {
    // The package's own folder (kuromoji's default is relative to the working folder). In
    // the packaged app the dictionary is unpacked beside app.asar (electron-builder.yml),
    // so it is read from disk whether or not the process has Electron's asar-aware fs.
    const packaged = path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
    const unpacked = packaged.replace(/([\\/])app\.asar([\\/])/u, '$1app.asar.unpacked$2');
    const dicPath = unpacked !== packaged && existsSync(unpacked) ? unpacked : packaged;
    kuromoji.builder({ dicPath }).build((error, tokenizer) => {
      if (error) {
        reject(
          new TalkingPhotoError('TTS_FAILED', 'The Japanese dictionary could not be read: reinstall the app, or use your own recording.', {
            detail: error.message,
          }),
        );
      } else {
        resolve(tokenizer);
      }
    });
  });
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** Full-width Latin letters and digits as ASCII, one UTF-16 unit for one, so positions hold. */
function foldFullWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

const LATIN = /[A-Za-z]/u;
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Marks that shape eSpeak's intonation; other symbols (・「」…) only separate words. */
const INTONATION = /^[。、！？!?,.]+$/u;

const WORDLIKE = /[\p{L}\p{N}]/u;

/** A word that begins a new phrase: not a particle, auxiliary, suffix, dependent word or mark. */
function startsPhrase(token: Token, surface: string): boolean {
  return WORDLIKE.test(surface) && !['助詞', '助動詞', '記号'].includes(token.pos) && !['接尾', '非自立'].includes(token.pos_detail_1);
}

function tokenReading(token: Token, surface: string): Pick<Rewrite, 'spoken' | 'voice'> {
  if (!WORDLIKE.test(surface)) return { spoken: INTONATION.test(surface) ? surface : ' ' };
  if (LATIN.test(surface) && !JAPANESE.test(surface)) return { spoken: surface, voice: 'en' };
  const reading = token.pronunciation ?? token.reading;
  // を is pronounced "o"; IPADIC writes its pronunciation ヲ, which eSpeak says "wo".
  if (reading !== undefined && reading !== '*') return { spoken: reading.replace(/ヲ/gu, 'オ') };
  return { spoken: surface };
}

/** How to say one Japanese clause: a rewrite for every word, each in kana (or its number words, or Latin). */
export async function japaneseRewrites(text: string): Promise<Rewrite[]> {
  const numbers = japaneseNumberRewrites(text);
  const folded = foldFullWidth(text);
  const tokens = (await japaneseTokenizer()).tokenize(folded);
  const rewrites: Rewrite[] = [];
  let previous: Rewrite | undefined;
  for (const token of tokens) {
    const start = token.word_position - 1;
    const end = start + token.surface_form.length;
    const number = numbers.find((n) => n.start < end && start < n.end);
    if (number) {
      if (number !== previous) {
        rewrites.push(previous === undefined ? number : { ...number, spoken: ` ${number.spoken}` });
        previous = number;
      }
      continue;
    }
    const reading = tokenReading(token, folded.slice(start, end));
    const space = previous !== undefined && startsPhrase(token, folded.slice(start, end)) && !previous.spoken.endsWith(' ') ? ' ' : '';
    const rewrite: Rewrite = { start, end, ...reading, spoken: `${space}${reading.spoken}` };
    rewrites.push(rewrite);
    previous = rewrite;
  }
  return rewrites;
}
