import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_CATALOG } from '../../src-shared/providers.js';
import type { RenderReport } from '../../src-shared/report.js';
import { LibraryProviderLedger, openLibrary, type Library } from '../../src-main/app/library/index.js';
import { mediaTools } from '../../src-main/engine/media/ffmpeg.js';
import { probeMedia } from '../../src-main/engine/media/probe.js';
import { renderProject } from '../../src-main/engine/pipeline/render-project.js';
import { makeAdapter } from '../../src-main/cloud/providers/adapters/index.js';
import { ProviderSession } from '../../src-main/cloud/providers/provider-session.js';
import { cloudRoutes } from '../../src-main/app/services/cloud-routes.js';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';
import type { Voice } from '../../src-main/engine/voice/voice.js';
import { startDidFake } from '../fakes/did-fake.js';
import { startGoogleFake, type GoogleFake } from '../fakes/google-fake.js';
import { fixture, tempDir } from '../support/fixtures.js';
import { FAKE_KEY } from '../support/provider-doubles.js';

/**
 * Issue 16, cloud voices: Veo speaks the script in its own voice and moves the lips to
 * it, so the master keeps that speech, and the captions and word times are aligned to it.
 * The fake Veo speaks the real protocol (predictLongRunning, polled operation, Files API
 * download) and answers a talking clip whose sound is eSpeak saying the script at 110
 * words a minute, while our own voice says it at eSpeak's 175: two speeches of the same
 * words at different paces, so either can be told from the other in the master.
 */

const work = tempDir('tp-cloud-veo-');
const SCRIPT = 'Half price this week, only in store.';
let veo: GoogleFake;
let library: Library;
/** The clip Veo "made": lips drawn to its slow speech, that speech as its sound. */
let clipFile: string;
let clipWords: RenderReport['voice']['words'];
let ours: Voice;
let slowSpeech: string;

beforeAll(async () => {
  const slow = await synthesizeSpeech({ text: SCRIPT, language: 'en', rate: 110, workDir: path.join(work.dir, 'slow') });
  ours = await synthesizeSpeech({ text: SCRIPT, language: 'en', workDir: path.join(work.dir, 'ours') });
  const clipDir = path.join(work.dir, 'veo-clip');
  await renderProject({ photoPath: fixture('portrait-obama.jpg'), audioPath: slow.audioPath, transcript: SCRIPT, rawVoice: true, outDir: clipDir, width: 288, height: 512, verify: false });
  clipFile = path.join(clipDir, 'video.mp4');
  clipWords = (JSON.parse(readFileSync(path.join(clipDir, 'report.json'), 'utf8')) as RenderReport).voice.words;
  slowSpeech = slow.audioPath;
  veo = await startGoogleFake({ apiKey: FAKE_KEY, video: readFileSync(clipFile), pollsBeforeDone: 1 });
  library = openLibrary({ dataDir: path.join(work.dir, 'data') });
}, 300_000);

afterAll(async () => {
  library?.close();
  await veo?.close();
  work.cleanup();
});

/** Loudness every 20 ms of a file's sound, as mono 16 kHz. */
function envelope(file: string): Float64Array {
  const pcm = execFileSync(mediaTools().ffmpeg.path, ['-hide_banner', '-loglevel', 'error', '-i', file, '-map', '0:a:0', '-ac', '1', '-ar', '16000', '-f', 's16le', 'pipe:1'], { maxBuffer: 64 << 20 });
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length / 2);
  const frame = 320;
  const out = new Float64Array(Math.floor(samples.length / frame));
  for (let f = 0; f < out.length; f++) {
    let sum = 0;
    for (let i = f * frame; i < (f + 1) * frame; i++) sum += samples[i]! * samples[i]!;
    out[f] = Math.sqrt(sum / frame);
  }
  return out;
}

/** The best Pearson correlation of two envelopes within ±200 ms of each other. */
function bestCorrelation(a: Float64Array, b: Float64Array): number {
  let best = -1;
  for (let lag = -10; lag <= 10; lag++) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < a.length; i++) {
      const j = i + lag;
      if (j < 0 || j >= b.length) continue;
      xs.push(a[i]!);
      ys.push(b[j]!);
    }
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const mx = mean(xs);
    const my = mean(ys);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < xs.length; i++) {
      sxy += (xs[i]! - mx) * (ys[i]! - my);
      sxx += (xs[i]! - mx) ** 2;
      syy += (ys[i]! - my) ** 2;
    }
    best = Math.max(best, sxy / Math.sqrt(sxx * syy));
  }
  return best;
}

function sessionFor(provider: 'veo' | 'd-id', key: string, url: string): ProviderSession {
  const baseUrl = PROVIDER_CATALOG[provider].env!.baseUrl;
  return new ProviderSession({
    ledger: new LibraryProviderLedger(library),
    keys: new Map([[provider, key]]),
    makeAdapter: (id, k) => makeAdapter(id, k, { [baseUrl]: url }),
    route: [provider],
    tier: 'pro',
    projectId: null,
    // Veo is polled every 10 s, D-ID every few: the fakes' jobs are done within two polls.
    routerOverrides: { sleep: async (_ms, signal) => void signal?.throwIfAborted() },
  });
}

const meanStartGap = (a: Array<{ startS: number }>, b: Array<{ startS: number }>): number => a.reduce((sum, w, i) => sum + Math.abs(w.startS - b[i]!.startS), 0) / a.length;

/** "00:00:01,240" as seconds. */
const srtSeconds = (stamp: string): number => {
  const [h, m, rest] = stamp.split(':');
  const [s, ms] = rest!.split(',');
  return Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000;
};

describe('a cloud video keeps the speech its lips move to', () => {
  it('carries the clip’s own speech in the master, and times the words and captions from it, not from our voice', async () => {
    const session = sessionFor('veo', FAKE_KEY, veo.url);
    const out = path.join(work.dir, 'out');
    const report = await renderProject(
      { photoPath: fixture('portrait-obama.jpg'), script: SCRIPT, outDir: out, width: 256, height: 448, verify: false, platforms: ['tiktok'] },
      { cloud: cloudRoutes(session) },
    );
    expect(report.providers?.used.video).toBe('veo');
    // Veo was asked for the script in words, never sent our sound.
    expect(veo.operations.size).toBe(1);
    expect(JSON.stringify([...veo.operations.values()][0]!.body)).toContain(SCRIPT.replace(/"/g, "'"));

    const master = path.join(out, 'video.mp4');
    const heard = envelope(master);
    const clipSound = bestCorrelation(heard, envelope(clipFile));
    const ourSound = bestCorrelation(heard, envelope(ours.audioPath));
    console.log(`master's sound against the clip's: r ${clipSound.toFixed(2)}; against our voice: r ${ourSound.toFixed(2)}`);
    expect(clipSound).toBeGreaterThan(0.9);
    expect(ourSound).toBeLessThan(clipSound - 0.3);
    // As long as the slow speech, not our quicker voice.
    const probe = await probeMedia(master);
    const clipS = (await probeMedia(clipFile)).durationS;
    expect(Math.abs(probe.durationS - clipS)).toBeLessThan(0.2);
    expect(clipS - ours.durationS).toBeGreaterThan(0.8);
    expect(report.voice.durationS).toBeCloseTo(probe.durationS, 0);

    // The words, aligned to Veo's speech: where the clip's own alignment put them.
    expect(report.voice.words.map((w) => w.text).join(' ')).toBe(SCRIPT);
    console.log(`word starts: ${meanStartGap(report.voice.words, clipWords).toFixed(3)} s from the clip's alignment, ${meanStartGap(report.voice.words, ours.words).toFixed(3)} s from our voice's`);
    expect(meanStartGap(report.voice.words, clipWords)).toBeLessThan(0.1);
    expect(meanStartGap(report.voice.words, ours.words)).toBeGreaterThan(0.3);
    expect(report.voice.words.at(-1)!.endS).toBeGreaterThan(ours.durationS);

    // The captions the kit ships follow the same speech.
    const srt = readFileSync(path.join(out, 'kit', 'captions', 'captions.srt'), 'utf8');
    const stamps = [...srt.matchAll(/(\d\d:\d\d:\d\d,\d\d\d) --> (\d\d:\d\d:\d\d,\d\d\d)/g)];
    const lastEnd = srtSeconds(stamps.at(-1)![2]!);
    expect(Math.abs(lastEnd - report.voice.words.at(-1)!.endS)).toBeLessThan(0.25);
    expect(lastEnd).toBeGreaterThan(ours.words.at(-1)!.endS + 0.5);
  }, 400_000);

  it('keeps our own voice in the master when the provider lip-syncs to the voice it was sent (D-ID), whatever sound its file carries', async () => {
    // D-ID's talk follows our voice (drawn here by the local engine), but its file carries other
    // speech: the master must carry the voice the lips were driven by.
    const drawn = path.join(work.dir, 'did-drawn');
    await renderProject({ photoPath: fixture('portrait-obama.jpg'), script: SCRIPT, outDir: drawn, width: 288, height: 512, verify: false });
    const talk = path.join(work.dir, 'did-talk.mp4');
    execFileSync(mediaTools().ffmpeg.path, [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-i',
      path.join(drawn, 'video.mp4'),
      '-i',
      slowSpeech,
      '-map',
      '0:v',
      '-map',
      '1:a',
      '-c:v',
      'copy',
      '-c:a',
      'aac',
      '-shortest',
      talk,
    ]);
    const key = 'user@example.com:tpk-did-5e4d3c2b1a09f8e7';
    const did = await startDidFake({ apiKey: key, video: readFileSync(talk), pollsBeforeEnd: 0 });
    try {
      const out = path.join(work.dir, 'out-did');
      const report = await renderProject(
        { photoPath: fixture('portrait-obama.jpg'), script: SCRIPT, outDir: out, width: 256, height: 448, verify: false },
        { cloud: cloudRoutes(sessionFor('d-id', key, did.url)) },
      );
      expect(report.providers?.used.video).toBe('d-id');
      expect(did.audios).toHaveLength(1);
      const heard = envelope(path.join(out, 'video.mp4'));
      const ourSound = bestCorrelation(heard, envelope(ours.audioPath));
      const fileSound = bestCorrelation(heard, envelope(talk));
      console.log(`D-ID master's sound against our voice: r ${ourSound.toFixed(2)}; against the talk file's own sound: r ${fileSound.toFixed(2)}`);
      expect(ourSound).toBeGreaterThan(0.9);
      expect(fileSound).toBeLessThan(ourSound - 0.3);
      expect(meanStartGap(report.voice.words, ours.words)).toBeLessThan(0.05);
    } finally {
      await did.close();
    }
  }, 300_000);
});
