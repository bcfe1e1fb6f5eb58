/**
 * `npx tsx tests/bench/eta-check.ts`: is the ETA the app shows honest on this machine?
 * Renders as the queue does (a render process, the default 720×1280 with the frame
 * check, a script spoken by eSpeak): one 10 s render teaches the estimate this machine's
 * speed, then a 10 s and a 60 s render are each predicted before they start and halfway
 * through, and compared with the wall time they really took. Goal (issue 15): within ±25 %.
 * `--quick` skips the 60 s render.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RenderEta, estimateVoiceSeconds, renderShape, VOICE_CHARS_PER_SECOND, VOICE_EDGES_S } from '../../src-main/app/queue/render-eta.js';
import { renderInChildProcess } from '../../src-main/app/queue/render-process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PHOTO = path.join(ROOT, 'resources/samples/portrait.jpg');
const SENTENCE = 'Thanks for watching: today I will show you how one photo becomes a video that talks, made on your own computer. ';

/** A script of about `seconds` of speech, cut at a word. */
function scriptOf(seconds: number): string {
  const chars = Math.round((seconds - VOICE_EDGES_S) * VOICE_CHARS_PER_SECOND);
  const long = SENTENCE.repeat(Math.ceil(chars / SENTENCE.length) + 1).slice(0, chars);
  return `${long.slice(0, long.lastIndexOf(' ')).replace(/[,:]$/, '')}.`;
}

async function renderOnce(eta: RenderEta, seconds: number, dir: string, name: string): Promise<string> {
  const script = scriptOf(seconds);
  const shape = renderShape({ voiceSeconds: estimateVoiceSeconds(script), platforms: 0 });
  const before = eta.totalMs(shape);
  const left = eta.progress(shape);
  let halfway: { at: number; etaMs: number } | undefined;
  const started = performance.now();
  const report = await renderInChildProcess(
    { photoPath: PHOTO, script, language: 'en', outDir: path.join(dir, name), route: 'local' },
    {
      onProgress: (p) => {
        const etaMs = left.update(p.stage, p.percent);
        if (!halfway && p.stage === 'animate' && p.percent >= 50) halfway = { at: performance.now() - started, etaMs };
      },
    },
  );
  const tookMs = performance.now() - started;
  eta.learn({
    stages: report.stages,
    voiceSeconds: report.voice.durationS,
    width: report.output.width,
    height: report.output.height,
    verified: report.quality.video !== undefined,
    totalMs: Math.round(tookMs),
  });
  const error = (predicted: number): string => `${predicted >= tookMs ? '+' : ''}${((100 * (predicted - tookMs)) / tookMs).toFixed(0)} %`;
  const mid = halfway ? `   halfway (${(halfway.at / 1000).toFixed(1)} s in) said ${((halfway.at + halfway.etaMs) / 1000).toFixed(1)} s: ${error(halfway.at + halfway.etaMs)}` : '';
  return (
    `${name.padEnd(14)} ${report.voice.durationS.toFixed(1)} s of voice   took ${(tookMs / 1000).toFixed(1)} s   predicted ${(before / 1000).toFixed(1)} s: ${error(before)}${mid}\n` +
    `${''.padEnd(14)} stages: ${report.stages.map((s) => `${s.stage} ${(s.durationMs / 1000).toFixed(2)}s`).join(', ')}`
  );
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-eta-'));
  const eta = new RenderEta();
  try {
    console.log(
      `ETA check: ${os.cpus().length} cores, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (goal: within ±25 %)`,
    );
    console.log(`(learning) ${await renderOnce(eta, 10, dir, 'first 10 s')}`);
    console.log(await renderOnce(eta, 10, dir, '10 s'));
    if (!quick) console.log(await renderOnce(eta, 60, dir, '60 s'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
