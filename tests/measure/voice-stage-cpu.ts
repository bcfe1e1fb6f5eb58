/**
 * CPU seconds (this process's user+sys plus its reaped children's, i.e. every ffmpeg and
 * ffprobe it ran) of the voice stage on a ~15 s eSpeak take, as the bench renders it:
 * loadRecording with and without the cleanup, and synthesizeSpeech. Wall time is noisy on
 * a shared machine; CPU is what the stage costs. Run with `nice -n 10 npx tsx tests/measure/voice-stage-cpu.ts`.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRecording } from '../../src-main/engine/voice/recording.js';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';

const SCRIPT =
  'Hello, and welcome back. Today I want to show you how a single photo can speak your words. ' +
  'It takes a portrait and a short script, and a minute later you have a video for every platform. ' +
  'Try it with your own voice, too.';
const RUNS = 5;
const TICK_S = 0.01;

/** Children's CPU as the kernel counts it once they are reaped (cutime, cstime of /proc/self/stat). */
function childrenCpuS(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK_S;
}

async function cpuOf(run: () => Promise<unknown>): Promise<{ cpuS: number; wallS: number }> {
  const self = process.cpuUsage();
  const children = childrenCpuS();
  const start = performance.now();
  await run();
  const used = process.cpuUsage(self);
  return { cpuS: (used.user + used.system) / 1e6 + childrenCpuS() - children, wallS: (performance.now() - start) / 1000 };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-voice-cpu-'));
  try {
    const take = await synthesizeSpeech({ text: SCRIPT, language: 'en', workDir: path.join(dir, 'take') });
    console.log(`take: ${take.durationS.toFixed(1)} s`);
    const cases: Array<[string, (i: number) => Promise<unknown>]> = [
      ['loadRecording, cleanup on', (i) => loadRecording({ file: take.audioPath, workDir: path.join(dir, `clean-${i}`), cleanup: true })],
      ['loadRecording, cleanup off', (i) => loadRecording({ file: take.audioPath, workDir: path.join(dir, `raw-${i}`) })],
      ['synthesizeSpeech (eSpeak + loudness)', (i) => synthesizeSpeech({ text: SCRIPT, language: 'en', workDir: path.join(dir, `tts-${i}`) })],
    ];
    for (const [name, run] of cases) {
      await run(-1);
      const results = [];
      for (let i = 0; i < RUNS; i += 1) results.push(await cpuOf(() => run(i)));
      console.log(`${name}: CPU ${median(results.map((r) => r.cpuS)).toFixed(3)} s, wall ${median(results.map((r) => r.wallS)).toFixed(3)} s (median of ${RUNS})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
