// @ts-check
/**
 * eSpeak NG runs here, in its own OS process, never inside the app: eSpeak NG is
 * GPL-3.0, and keeping it a separate program that we talk to over stdin/stdout keeps
 * our code out of its licence (and a crash in it out of our process).
 *
 * Plain JavaScript so that `process.execPath` can run it unchanged under node, tsx and
 * the packaged Electron app (with ELECTRON_RUN_AS_NODE=1).
 *
 * Protocol: one JSON job on stdin
 *   { outDir, voice, rate?, pitch?, clauses: Array<string | { text, voice?, ssml? }> }
 * then JSON lines on stdout:
 *   { type: 'ready', version, compileMs }
 *   { type: 'clause', index, wav, ipa, ms }   (one per clause, in order)
 *   { type: 'done', totalMs }  or  { type: 'error', message }
 *
 * Each clause gets its own run of eSpeak's `main` in a fresh instance, so every WAV
 * holds exactly one clause and the caller knows where clauses start and end. The
 * WebAssembly.Module is compiled once and handed to every instance through
 * Emscripten's `instantiateWasm` hook; what a clause still costs (measured 35–50 ms for
 * English, ~80 ms for Mandarin, whose dictionary is larger) is mostly the fresh
 * instance's memory and Emscripten rebuilding eSpeak's embedded data folder.
 *
 * User text reaches eSpeak only as the contents of an in-memory file (`-f`), never as
 * an argument, so quotes, unicode or a leading dash cannot become options, and nothing
 * here evaluates it. A clause marked `ssml` is markup the app built around escaped user
 * text (Japanese kanji runs switched to the Mandarin voice); eSpeak reads it with -m.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ESpeakNg from 'espeak-ng';

const require = createRequire(import.meta.url);

// This Emscripten build has ASSERTIONS on: every FS error (thousands while it rebuilds
// the embedded data folder in a fresh instance) captures and demangles a stack trace.
// Measured: 40 % of a clause's time. This process reports errors by message only.
Error.stackTraceLimit = 0;

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

/**
 * One fresh eSpeak instance running `main` once.
 * @param {WebAssembly.Module} wasmModule
 * @param {string[]} args
 * @param {string | undefined} text written to /in.txt before main runs
 */
async function runEspeak(wasmModule, args, text) {
  /** @type {string[]} */
  const out = [];
  /** @type {string[]} */
  const err = [];
  const instance = await ESpeakNg({
    arguments: args,
    print: (/** @type {string} */ line) => out.push(line),
    printErr: (/** @type {string} */ line) => err.push(line),
    // Emscripten's node default sets process.exitCode on exit(); this process decides its own.
    quit: (/** @type {number} */ _status, /** @type {unknown} */ toThrow) => {
      throw toThrow;
    },
    preRun: [
      (/** @type {any} */ module) => {
        // Emscripten rebuilds eSpeak's data folder file by file and re-creates each
        // file's parent path every time (hundreds of failing mkdirs). Creating each
        // path once measured 4.5 s → 2.9 s for 81 clauses.
        const fs = module.FS;
        const createPath = fs.createPath;
        /** @type {Set<string>} */
        const made = new Set();
        fs.createPath = (/** @type {unknown} */ parent, /** @type {string} */ dir, /** @type {boolean} */ canRead, /** @type {boolean} */ canWrite) => {
          const key = `${String(parent)}\0${dir}`;
          if (made.has(key)) return undefined;
          made.add(key);
          return createPath.call(fs, parent, dir, canRead, canWrite);
        };
        if (text !== undefined) module.FS.writeFile('/in.txt', text);
      },
    ],
    instantiateWasm: (/** @type {WebAssembly.Imports} */ imports, /** @type {(i: WebAssembly.Instance, m: WebAssembly.Module) => void} */ done) => {
      WebAssembly.instantiate(wasmModule, imports).then(
        (wasmInstance) => done(wasmInstance, wasmModule),
        (error) => finish({ type: 'error', message: `eSpeak could not start: ${String(error)}` }, 1),
      );
      return {};
    },
  });
  return { fs: instance.FS, out, err };
}

/**
 * Speaks one clause and writes its WAV.
 * @param {WebAssembly.Module} wasmModule
 * @param {Job} job
 * @param {number} index
 */
async function speakClause(wasmModule, job, index) {
  const clause = job.clauses[index];
  if (!clause) throw new Error(`no clause ${index}`);
  const started = performance.now();
  const args = ['-b', '1', '-w', '/out.wav', '--ipa', '--phonout', '/phonemes.txt', '-v', clause.voice];
  if (job.rate !== undefined) args.push('-s', String(job.rate));
  if (job.pitch !== undefined) args.push('-p', String(job.pitch));
  if (clause.ssml) args.push('-m');
  args.push('-f', '/in.txt');
  const run = await runEspeak(wasmModule, args, clause.text);
  /** @type {Uint8Array} */
  let wav;
  try {
    wav = run.fs.readFile('/out.wav');
  } catch {
    throw new Error(`eSpeak wrote no audio for clause ${index}: ${run.err.join(' ').slice(0, 500)}`);
  }
  let ipa = '';
  try {
    ipa = run.fs.readFile('/phonemes.txt', { encoding: 'utf8' });
  } catch {
    // No phonemes only costs the word-timing precision; the caller falls back to letters.
  }
  const file = path.join(job.outDir, `clause-${String(index).padStart(4, '0')}.wav`);
  writeFileSync(file, wav);
  return { type: 'clause', index, wav: file, ipa, ms: Math.round(performance.now() - started) };
}

async function main() {
  const started = performance.now();
  const job = parseJob(JSON.parse(await readStdin()));
  mkdirSync(job.outDir, { recursive: true });

  const wasmPath = path.join(path.dirname(require.resolve('espeak-ng')), 'espeak-ng.wasm');
  const wasmModule = await WebAssembly.compile(readFileSync(wasmPath));
  const compileMs = performance.now() - started;
  const version = (await runEspeak(wasmModule, ['--version'], undefined)).out.join(' ').match(/text-to-speech:\s*(\S+)/)?.[1];
  send({ type: 'ready', version, compileMs: Math.round(compileMs) });
  // One clause after another: worker threads were tried and measured slower on the shared
  // 2-vCPU build machine (81 clauses: 7.3 s on two threads against 4.4 s on one; more cores
  // were not available to measure). Each instance is mostly memory set-up and GC anyway.
  for (let index = 0; index < job.clauses.length; index += 1) send(await speakClause(wasmModule, job, index));
  finish({ type: 'done', totalMs: Math.round(performance.now() - started) }, 0);
}

main().then(
  () => undefined,
  (error) => finish({ type: 'error', message: error instanceof Error ? error.message : String(error) }, 1),
);
