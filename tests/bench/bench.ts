/**
 * `npm run bench`: the talking render against its floor, measured in the same run on the
 * same machine. The floor is ffmpeg encoding the same still photo with the same voice at
 * the same size, fps and x264 settings: what any "talking photo" costs at the very least.
 * Prints wall time, ratio to the floor, realtime factor and peak memory (whole process
 * tree: Node plus ffmpeg). Goals (issues 3 and 15): ratio ≤ 1.5 and peak ≤ 500 MB, even
 * for a 60 s 1080×1920 clip. `--quick` skips the 60 s case.
 *
 * `tp` runs as creators get it: the engine compiled first (`tsc -p tsconfig.main.json`,
 * into dist/bench) and `tp` started on that JavaScript, as the desktop app's render
 * processes run it. `--tsx` runs `tp` as `npm run tp` does in development, through tsx,
 * whose loader thread and transformed sources cost a render about 0.8 s of start and
 * 30–40 MB (issue 15). (`--built`, once the way to ask for the compiled engine, is that
 * default now and still accepted.)
 *
 * Each case is timed as a creator gets it: `tp render` with its defaults, the check of the
 * rendered frames included (issue 15: the bench used to skip it and looked 3–4× faster
 * than the app). The verify stage's own time gets a line of its own, and the same render
 * with `--no-verify` is measured after it, so both figures come from one run.
 *
 * The kit case (issue 5) renders the same 10 s voice with an export kit for the five
 * platforms creators pick most, the master sized by the kit (1080×1920), and compares
 * its wall time with the plain 10 s 720×1280 render of this run. Goal: ≤ 2.5×.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_H264, h264OutputArgs } from '../../src-main/engine/encode/h264-args.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../../src-main/engine/media/ffmpeg.js';
import { leanMallocEnv } from '../../src-main/engine/media/lean-malloc.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';
import { buildEngine, TP_SOURCE } from './built-engine.js';
import { benchEventLoop } from './event-loop-bench.js';
import { benchLibrary } from './library-bench.js';
import { benchPhotoScore } from './photo-score-bench.js';
import { measure, type Measured } from './process-tree.js';
import { grantPlanInDataFolder, TEST_ENTITLEMENT_PUBLIC_KEY } from '../support/plans.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PHOTO = path.join(ROOT, 'resources/samples/portrait.jpg');
const FPS = 25;
const SCRIPT =
  'Thanks for watching. Today I will show you how to turn one photo into a video that talks, ' +
  'with captions and a cover for every platform, all made on your own computer. ' +
  'No upload, no waiting in a queue, and nothing leaves your machine unless you want it to. ';

interface Case {
  name: string;
  width: number;
  height: number;
  seconds: number;
}

async function voiceOf(seconds: number, dir: string): Promise<string> {
  const speech = await synthesizeSpeech({ text: SCRIPT.repeat(Math.ceil(seconds / 10)), language: 'en', workDir: dir });
  const out = path.join(dir, `voice-${seconds}s.wav`);
  const { ffmpeg } = mediaTools();
  // Exactly `seconds` long: speech, padded with silence if the script ran short.
  const result = await runProcess(ffmpeg.path, [...SAFE_INPUT_FLAGS, '-loglevel', 'error', '-i', speech.audioPath, '-af', 'apad', '-t', String(seconds), '-y', out]);
  if (result.code !== 0) throw new Error(result.stderr);
  return out;
}

/**
 * Two five-platform mixes: one with YouTube's 16:9 frame (a blurred-fill rendition, the
 * costliest to encode), one of the feeds creators post talking heads to most on phones.
 * The vertical platforms share the master's frame and get its streams copied.
 */
const KIT_MIXES = [
  { name: 'kit, 5 with 16:9', platforms: 'instagram-reels,tiktok,youtube-shorts,youtube,linkedin' },
  { name: 'kit, 5 mobile', platforms: 'instagram-reels,tiktok,youtube-shorts,instagram-feed,linkedin' },
] as const;

interface CaseResult {
  text: string;
  wallS: number;
  audio: string;
}

interface RenderJson {
  output: { width: number; height: number };
  stages: Array<{ stage: string; durationMs: number }>;
}

/** How `tp` is started: the compiled engine's entry, or through tsx (`--tsx`). */
let tpCommand = ['--import', 'tsx', path.join(ROOT, TP_SOURCE)];

/** `tp render` in its own process, so its peak memory is the whole tree's. */
async function renderCli(args: string[]): Promise<{ wallS: number; cpuS: number; peakMb: number; report: RenderJson }> {
  const ours = await measure(process.execPath, [...tpCommand, 'render', '--json', ...args]);
  if (ours.code !== 0) throw new Error(`render failed: ${ours.stderr}`);
  return { wallS: ours.wallS, cpuS: ours.cpuS, peakMb: ours.peakRssBytes / 2 ** 20, report: JSON.parse(ours.stdout) as RenderJson };
}

function stagesLine(report: RenderJson): string {
  return report.stages.map((s) => `${s.stage} ${(s.durationMs / 1000).toFixed(2)}s`).join(', ');
}

function stageS(report: RenderJson, stage: string): number {
  return (report.stages.find((s) => s.stage === stage)?.durationMs ?? 0) / 1000;
}

async function runKit(dir: string, single: CaseResult, mix: (typeof KIT_MIXES)[number]): Promise<string> {
  const outDir = path.join(dir, `render-${mix.name.replace(/\W+/g, '-')}`);
  // Verified like the single render it is compared with: both are what a creator gets.
  const ours = await renderCli(['--photo', PHOTO, '--audio', single.audio, '--out', outDir, '--fps', String(FPS), '--platforms', mix.platforms, '--zip']);
  const { report } = ours;
  return [
    `${`10 s ${mix.name}`.padEnd(22)} render ${ours.wallS.toFixed(2).padStart(6)} s   single 720×1280 ${single.wallS.toFixed(2)} s   ratio ${(ours.wallS / single.wallS).toFixed(2)} (goal ≤ 2.5)` +
      `   peak ${ours.peakMb.toFixed(0)} MB   master ${report.output.width}×${report.output.height}`,
    `${''.padEnd(22)} stages: ${stagesLine(report)}`,
    `${''.padEnd(22)} platforms: ${mix.platforms}`,
  ].join('\n');
}

/**
 * Pairs of floor and render measured one after the other in a short case, the median pair
 * reported: on a shared machine one pair's ratio ranged 1.55–1.98 within ten minutes
 * (2026-12-07), so a single pair says little. The 60 s case is measured once.
 */
const SHORT_CASE_PAIRS = 3;

/** The floor: ffmpeg encoding the still photo with the voice, at the case's size and the render's x264 settings. */
async function measureFloor(c: Case, audio: string, floorOut: string): Promise<Measured> {
  const { ffmpeg } = mediaTools();
  const floor = await measure(
    ffmpeg.path,
    [
      ...SAFE_INPUT_FLAGS,
      '-loglevel',
      'error',
      '-loop',
      '1',
      '-framerate',
      String(FPS),
      '-i',
      PHOTO,
      '-i',
      audio,
      '-map',
      '0:v:0',
      '-map',
      '1:a:0',
      '-t',
      String(c.seconds),
      '-vf',
      `scale=${c.width}:${c.height}:force_original_aspect_ratio=increase,crop=${c.width}:${c.height}`,
      ...h264OutputArgs({ ...DEFAULT_H264, fps: FPS }, floorOut),
      // The render's x264 runs with the lean allocator (video-encoder.ts): the floor's too, like for like.
    ],
    leanMallocEnv(),
  );
  if (floor.code !== 0) throw new Error(`floor failed: ${floor.stderr}`);
  return floor;
}

async function run(c: Case, dir: string): Promise<CaseResult> {
  const audio = await voiceOf(c.seconds, dir);
  const floorOut = path.join(dir, `floor-${c.name}.mp4`);
  const common = ['--photo', PHOTO, '--audio', audio, '--size', `${c.width}x${c.height}`, '--fps', String(FPS)];
  const pairs: Array<{ floor: Measured; ours: Awaited<ReturnType<typeof renderCli>>; ratio: number }> = [];
  for (let i = 0; i < (c.seconds <= 10 ? SHORT_CASE_PAIRS : 1); i++) {
    // Which of the two goes first alternates: on the two-core machine the first of two runs
    // back to back took about 0.3 s longer (the same render in both places, six rounds each
    // way, 2026-12-07): with the floor always first, such a cost fell on the floor and
    // flattered the ratio.
    const renderOurs = () => renderCli([...common, '--out', path.join(dir, `render-${c.name}-${i}`)]);
    let floor: Measured;
    let ours: Awaited<ReturnType<typeof renderCli>>;
    if (i % 2 === 0) {
      floor = await measureFloor(c, audio, floorOut);
      ours = await renderOurs();
    } else {
      ours = await renderOurs();
      floor = await measureFloor(c, audio, floorOut);
    }
    pairs.push({ floor, ours, ratio: ours.wallS / floor.wallS });
  }
  const ranked = [...pairs].sort((a, b) => a.ratio - b.ratio);
  const { floor, ours, ratio } = ranked[Math.floor((ranked.length - 1) / 2)]!;
  const spread = pairs.length > 1 ? ` (median of ${pairs.length} pairs; ${ranked[0]!.ratio.toFixed(2)}–${ranked.at(-1)!.ratio.toFixed(2)})` : '';
  const unverified = await renderCli([...common, '--out', path.join(dir, `render-${c.name}-no-verify`), '--no-verify']);
  const verifyS = stageS(ours.report, 'verify');
  const unverifiedS = stageS(unverified.report, 'verify');
  const text = [
    `${c.name.padEnd(22)} render ${ours.wallS.toFixed(2).padStart(6)} s   floor ${floor.wallS.toFixed(2).padStart(6)} s   ratio ${ratio.toFixed(2)}${spread} (goal ≤ 1.5)` +
      `   realtime ×${(c.seconds / ours.wallS).toFixed(2)}   peak ${ours.peakMb.toFixed(0)} MB (floor ${(floor.peakRssBytes / 2 ** 20).toFixed(0)} MB)`,
    `${''.padEnd(22)} stages: ${stagesLine(ours.report)}`,
    // Wall time is what a creator waits, but on a shared machine it moves with the neighbours;
    // the CPU each used (whole process trees) says whether the work itself grew or shrank.
    `${''.padEnd(22)} CPU: render ${ours.cpuS.toFixed(2)} s, floor ${floor.cpuS.toFixed(2)} s (×${(ours.cpuS / floor.cpuS).toFixed(2)}); ` +
      `the ${os.cpus().length} cores busy ${((100 * ours.cpuS) / (os.cpus().length * ours.wallS)).toFixed(0)} % of the render, ${((100 * floor.cpuS) / (os.cpus().length * floor.wallS)).toFixed(0)} % of the floor`,
    // The verify stage also holds the file check, which --no-verify runs too (alone in its verify
    // stage): the frame check's own cost is what the stage takes beyond that, and the CPU the
    // verified render takes beyond the unverified one (both whole process trees).
    `${''.padEnd(22)} verification: ${(verifyS - unverifiedS).toFixed(2)} s of its own (verify stage ${verifyS.toFixed(2)} s, the file check alone ${unverifiedS.toFixed(2)} s; ` +
      `${((100 * (verifyS - unverifiedS)) / ours.wallS).toFixed(0)} % of the render)   CPU ${ours.cpuS.toFixed(2)} s against ${unverified.cpuS.toFixed(2)} s unverified (+${(ours.cpuS - unverified.cpuS).toFixed(2)} s)`,
    `${''.padEnd(22)} --no-verify: render ${unverified.wallS.toFixed(2)} s   ratio ${(unverified.wallS / floor.wallS).toFixed(2)}   peak ${unverified.peakMb.toFixed(0)} MB` +
      `   stages: ${stagesLine(unverified.report)}`,
  ].join('\n');
  return { text, wallS: ours.wallS, audio };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const cases: Case[] = [
    { name: '10 s 720×1280', width: 720, height: 1280, seconds: 10 },
    { name: '10 s 1080×1920', width: 1080, height: 1920, seconds: 10 },
    ...(quick ? [] : [{ name: '60 s 1080×1920', width: 1080, height: 1920, seconds: 60 }]),
  ];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-bench-'));
  // Every `tp render` counts against the plan of its data folder: the bench renders in a
  // library of its own (never the creator's), on a test service's Pro plan, so nothing is
  // refused and, like the floor, nothing is watermarked.
  process.env.TALKINGPHOTO_DATA_DIR = path.join(dir, 'data');
  process.env.TALKINGPHOTO_ENTITLEMENT_PUBLIC_KEY = TEST_ENTITLEMENT_PUBLIC_KEY;
  grantPlanInDataFolder('pro');
  const tools = mediaTools();
  const built = !process.argv.includes('--tsx');
  if (built) tpCommand = [await buildEngine(ROOT)];
  const how = built ? 'compiled (dist/bench), as the app runs it; --tsx for the development path' : 'through tsx (--tsx), as npm run tp runs it in development';
  console.log(
    `TalkingPhoto bench: ${os.cpus().length} cores, node ${process.version}, ffmpeg from ${tools.ffmpeg.source}, x264 preset ${DEFAULT_H264.preset} crf ${DEFAULT_H264.crf}, ${FPS} fps, tp ${how}`,
  );
  try {
    const results: CaseResult[] = [];
    for (const c of cases) {
      const result = await run(c, dir);
      results.push(result);
      console.log(result.text);
    }
    for (const mix of KIT_MIXES) console.log(await runKit(dir, results[0]!, mix));
    console.log(await benchLibrary());
    console.log(await benchPhotoScore());
    console.log(await benchEventLoop(PHOTO));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
