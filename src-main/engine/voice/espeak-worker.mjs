// @ts-check
/**
 * eSpeak NG runs here, in its own OS process, never inside the app: eSpeak NG is
 * GPL-3.0, and keeping it a separate program that we hand a job file and read over stdout keeps
 * our code out of its licence (and a crash in it out of our process).
 *
 * Plain JavaScript so that it runs unchanged under node, tsx and the packaged app's
 * utility process (src-main/engine/child/child-launcher.ts starts it).
 *
 * Protocol: one JSON job in the file named by `--job <file>` (or on stdin)
 *   { outDir, voice, rate?, pitch?, clauses: Array<string | { text, voice?, ssml? }> }
 * then JSON lines on stdout:
 *   { type: 'ready', version, compileMs }
 *   { type: 'clause', index, wav, ipa, ms, events }   (one per clause, in order)
 *   { type: 'done', totalMs }  or  { type: 'error', message }
 * `events` are eSpeak's own synthesis events for the clause, in order: { type: 'word',
 * ms, pos, len } and { type: 'phoneme', ms, pos, ipa } ('' is a pause) and { type: 'end',
 * ms }, where ms is the audio position inside the clause's WAV and pos the 0-based
 * character (code point) index in the clause's text as the caller sent it.
 *
 * eSpeak NG here is Echogarden's Emscripten build (@echogarden/espeak-ng-emscripten),
 * which reports phoneme events with audio positions: the mouth is timed from the phones
 * the synthesizer really spoke. One instance speaks every clause (voice, rate and pitch
 * set per clause), so a clause costs only its synthesis (measured 40–130 ms).
 *
 * eSpeak reads every text as SSML in this build. Plain user text is escaped here (&, <,
 * >), so it can never become markup, and positions are mapped back to the caller's
 * text. A clause marked `ssml` is markup the app built around escaped user text
 * (Japanese kanji runs switched to the Mandarin voice); its positions are in that markup.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import EspeakInitializer from '@echogarden/espeak-ng-emscripten';

const require = createRequire(import.meta.url);

/** Voice names as eSpeak spells them, optionally with a `+variant`. */
const VOICE_PATTERN = /^[a-z]{2,3}(-[a-z0-9]{1,8})*(\+[a-z0-9]{1,12})?$/i;
/** eSpeak's own bounds for -s (words per minute) and -p (pitch). */
const RATE_RANGE = [80, 450];
const PITCH_RANGE = [0, 99];
/** Far above what the caller sends (a 5000-character script); a bound, not a feature. */
const MAX_CLAUSES = 5000;
const MAX_CLAUSE_CHARS = 20000;

/** @typedef {{ outDir: string, voice: string, rate?: number, pitch?: number, clauses: Array<{ text: string, voice: string, ssml: boolean }> }} Job */

/** @param {unknown} message */
function send(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/**
 * The last line, then exit once it is flushed (stdout to a pipe is asynchronous on
 * some platforms, and an eSpeak instance may leave nothing else to wait for).
 * @param {unknown} message
 * @param {number} code
 */
function finish(message, code) {
  process.stdout.write(`${JSON.stringify(message)}\n`, () => process.exit(code));
}

/**
 * The job: the file named by `--job <file>` (how the app starts this process: a utility
 * process has no stdin), or stdin when run by hand.
 * @returns {Promise<string>}
 */
async function readJobText() {
  const at = process.argv.indexOf('--job');
  const file = at === -1 ? undefined : process.argv[at + 1];
  return file ? readFileSync(file, 'utf8') : readStdin();
}

/** @returns {Promise<string>} */
async function readStdin() {
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(/** @type {Buffer} */ (chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * @param {unknown} raw
 * @returns {Job}
 */
function parseJob(raw) {
  if (typeof raw !== 'object' || raw === null) throw new Error('job must be an object');
  const job = /** @type {Record<string, unknown>} */ (raw);
  const { outDir, voice, rate, pitch, clauses } = job;
  if (typeof outDir !== 'string' || !path.isAbsolute(outDir)) throw new Error('outDir must be an absolute path');
  if (typeof voice !== 'string' || !VOICE_PATTERN.test(voice)) throw new Error('voice is not an eSpeak voice name');
  /** @param {unknown} value @param {number[]} range @param {string} name */
  const checkNumber = (value, range, name) => {
    if (value === undefined) return undefined;
    const [lo = 0, hi = 0] = range;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
      throw new Error(`${name} must be an integer ${lo}–${hi}`);
    }
    return value;
  };
  if (!Array.isArray(clauses) || clauses.length === 0 || clauses.length > MAX_CLAUSES) {
    throw new Error(`clauses must be 1–${MAX_CLAUSES} entries`);
  }
  const parsed = clauses.map((clause) => {
    const entry = typeof clause === 'string' ? { text: clause, voice } : /** @type {Record<string, unknown>} */ (clause);
    const text = entry.text;
    const clauseVoice = entry.voice ?? voice;
    if (typeof text !== 'string' || text.length > MAX_CLAUSE_CHARS) throw new Error('clause text must be a string');
    if (typeof clauseVoice !== 'string' || !VOICE_PATTERN.test(clauseVoice)) throw new Error('clause voice is not an eSpeak voice name');
    if (entry.ssml !== undefined && typeof entry.ssml !== 'boolean') throw new Error('clause ssml must be true or false');
    return { text, voice: clauseVoice, ssml: entry.ssml === true };
  });
  return {
    outDir,
    voice,
    rate: checkNumber(rate, RATE_RANGE, 'rate'),
    pitch: checkNumber(pitch, PITCH_RANGE, 'pitch'),
    clauses: parsed,
  };
}

/** eSpeak's defaults for -s and -p, which its library interface does not apply by itself. */
const DEFAULT_RATE = 175;
const DEFAULT_PITCH = 50;

/**
 * Escapes plain text for eSpeak's SSML reader and records, for every code point of the
 * escaped text, the index of the code point of the original it came from.
 * @param {string} text
 */
function escapeForSsml(text) {
  let escaped = '';
  /** @type {number[]} */
  const origin = [];
  let index = 0;
  for (const ch of text) {
    const replacement = ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch;
    escaped += replacement;
    for (let k = 0; k < [...replacement].length; k += 1) origin.push(index);
    index += 1;
  }
  return { escaped, origin };
}

/**
 * A little-endian 16-bit mono RIFF/WAVE file.
 * @param {Int16Array} samples
 * @param {number} sampleRate
 */
function wavFile(samples, sampleRate) {
  const out = Buffer.alloc(44 + samples.length * 2);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + samples.length * 2, 4);
  out.write('WAVEfmt ', 8, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(samples.length * 2, 40);
  Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).copy(out, 44);
  return out;
}

/**
 * eSpeak's library finds a voice by its file name ("gmw/en-US"), its CLI also by a
 * language ("en-gb"): the catalog uses the CLI's names, so map a language to the voice
 * that names it with the best (lowest) priority, keeping any "+variant".
 * @param {any} espeak
 * @returns {(requested: string) => string}
 */
function voiceResolver(espeak) {
  /** @type {Map<string, { identifier: string, priority: number }>} */
  const byLanguage = new Map();
  for (const voice of espeak.list_voices()) {
    for (const language of voice.languages) {
      const known = byLanguage.get(language.name);
      if (!known || language.priority < known.priority) byLanguage.set(language.name, { identifier: voice.identifier, priority: language.priority });
    }
  }
  return (requested) => {
    const [base = '', variant] = requested.split('+');
    const identifier = byLanguage.get(base.toLowerCase())?.identifier;
    if (!identifier) return requested;
    return variant ? `${identifier}+${variant}` : identifier;
  };
}

/**
 * Speaks one clause and writes its WAV; returns its events in the caller's positions.
 * @param {any} espeak the eSpeakNGWorker instance
 * @param {(requested: string) => string} resolveVoice
 * @param {number} sampleRate
 * @param {Job} job
 * @param {number} index
 */
function speakClause(espeak, resolveVoice, sampleRate, job, index) {
  const clause = job.clauses[index];
  if (!clause) throw new Error(`no clause ${index}`);
  const started = performance.now();
  const { escaped, origin } = clause.ssml ? { escaped: clause.text, origin: undefined } : escapeForSsml(clause.text);
  // Code point positions in what eSpeak read; its text_position is 1-based.
  const toCaller = (/** @type {number} */ position) => {
    const at = Math.max(0, position - 1);
    return origin ? (origin[Math.min(at, origin.length - 1)] ?? 0) : at;
  };
  const voiceResult = espeak.set_voice(resolveVoice(clause.voice));
  if (voiceResult !== 0) throw new Error(`eSpeak has no voice ${clause.voice}`);
  espeak.set_rate(job.rate ?? DEFAULT_RATE);
  espeak.set_pitch(job.pitch ?? DEFAULT_PITCH);
  /** @type {Int16Array[]} */
  const chunks = [];
  /** @type {Array<Record<string, unknown>>} */
  const events = [];
  const ipaWords = [''];
  espeak.synthesize(escaped, (/** @type {Int16Array} */ samples, /** @type {any[]} */ raw) => {
    if (samples && samples.length > 0) chunks.push(samples);
    for (const event of raw) {
      const ms = Number(event.audio_position);
      if (event.type === 'word') {
        events.push({ type: 'word', ms, pos: toCaller(event.text_position), len: event.word_length });
        ipaWords.push('');
      } else if (event.type === 'phoneme') {
        const id = typeof event.id === 'string' ? event.id : '';
        // "(en)" marks a switch of language inside the clause, not a sound.
        if (id.startsWith('(')) continue;
        events.push({ type: 'phoneme', ms, pos: toCaller(event.text_position), ipa: id });
        ipaWords[ipaWords.length - 1] += id;
      } else if (event.type === 'end') {
        events.push({ type: 'end', ms });
      }
    }
    return false;
  });
  const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  if (length === 0) throw new Error(`eSpeak wrote no audio for clause ${index}`);
  const samples = new Int16Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    samples.set(chunk, offset);
    offset += chunk.length;
  }
  const file = path.join(job.outDir, `clause-${String(index).padStart(4, '0')}.wav`);
  writeFileSync(file, wavFile(samples, sampleRate));
  const ipa = ipaWords.filter((word) => word.length > 0).join(' ');
  return { type: 'clause', index, wav: file, ipa, ms: Math.round(performance.now() - started), events };
}

async function main() {
  const started = performance.now();
  const parent = process.ppid;
  const job = parseJob(JSON.parse(await readJobText()));
  mkdirSync(job.outDir, { recursive: true });

  const packageJson = JSON.parse(readFileSync(path.join(path.dirname(require.resolve('@echogarden/espeak-ng-emscripten')), 'package.json'), 'utf8'));
  const espeakModule = await EspeakInitializer();
  const espeak = new espeakModule.eSpeakNGWorker();
  const sampleRate = Number(espeak.samplerate) || 22050;
  const resolveVoice = voiceResolver(espeak);
  // The build names no eSpeak NG release of its own; its package version says which build spoke.
  send({ type: 'ready', version: `${packageJson.version}-echogarden`, compileMs: Math.round(performance.now() - started) });
  for (let index = 0; index < job.clauses.length; index += 1) {
    // A render killed outright (the queue's force stop, a crash) cannot tell us to stop:
    // once re-parented, nobody reads what is left, so stop between clauses.
    if (process.ppid !== parent) process.exit(1);
    send(speakClause(espeak, resolveVoice, sampleRate, job, index));
  }
  finish({ type: 'done', totalMs: Math.round(performance.now() - started) }, 0);
}

main().then(
  () => undefined,
  (error) => finish({ type: 'error', message: error instanceof Error ? error.message : String(error) }, 1),
);
