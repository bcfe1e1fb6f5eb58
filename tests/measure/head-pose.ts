/**
 * Issue 17's head measures on any photos: renders a short clip at the default head motion,
 * at --head-motion 0, as a still photo (head motion, expressiveness and blinks 0: the
 * encoder's noise floor) and warm and serious, tracks the frames with the face mesh and
 * prints yaw and pitch swing, the frame-to-frame change on the background, the shoulders
 * and the face (in the voice's pauses too) and where the mouth corners sit. The frames of
 * the largest turn each way and the deepest nod are saved to look at.
 *
 *   npx tsx tests/measure/head-pose.ts [photo ...] [--out /tmp/head-pose] [--size 360x640] [--step 2]
 *
 * Without photos: the bundled sample and the closed-mouth fixture. Exit 0 when every photo
 * meets every target, 1 otherwise.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mediaTools, SAFE_INPUT_FLAGS } from '../../src-main/engine/media/ffmpeg.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import { FIXTURES_DIR, REPO_ROOT } from '../support/fixtures.js';
import { drawnSwing, HEAD_TARGETS, measureHeadRuns, type HeadRuns } from '../support/head-runs.js';

const DEFAULT_PHOTOS = [path.join(REPO_ROOT, 'resources/samples/portrait.jpg'), path.join(FIXTURES_DIR, 'portrait-biden-tall.jpg')];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function saveFrame(video: string, index: number, file: string): Promise<void> {
  const { ffmpeg } = mediaTools();
  await runProcess(ffmpeg.path, [...SAFE_INPUT_FLAGS, '-loglevel', 'error', '-i', video, '-vf', `select=eq(n\\,${index})`, '-frames:v', '1', '-y', file]);
}

function describe(name: string, runs: HeadRuns): string {
  const f = (n: number, digits = 2) => n.toFixed(digits);
  const { lively, still, floor, warm, serious } = runs;
  return [
    `${name}:`,
    `  drawn turn (default less --head-motion 0): yaw swing ${f(drawnSwing(lively, still, 'yawDeg'))}°, pitch swing ${f(drawnSwing(lively, still, 'pitchDeg'))}°`,
    `  as tracked: yaw ${f(lively.yawSwingDeg)}°, pitch ${f(lively.pitchSwingDeg)}° at the default head motion; ${f(still.yawSwingDeg)}° and ${f(still.pitchSwingDeg)}° at --head-motion 0 (the tracker's jitter)`,
    `  nose bridge change a frame: ${f(lively.change.nose, 3)} default, ${f(still.change.nose, 3)} at --head-motion 0, ${f(floor.change.nose, 3)} still photo`,
    `  change a frame (grey levels): background ${f(lively.change.background, 3)} (still photo ${f(floor.change.background, 3)}), shoulders ${f(lively.change.shoulders, 3)} (${f(floor.change.shoulders, 3)}), face in pauses ${f(lively.change.faceInPauses ?? NaN, 3)} (${f(floor.change.faceInPauses ?? NaN, 3)}) over ${lively.pauseFrames} pause frames`,
    `  mouth corners below the nose tip: warm ${f(warm.cornerDropIod, 3)} IOD, neutral ${f(lively.cornerDropIod, 3)}, serious ${f(serious.cornerDropIod, 3)}; nose change a frame warm ${f(warm.change.nose, 3)}, serious ${f(serious.change.nose, 3)}`,
  ].join('\n');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const photos = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const size = /^(\d+)x(\d+)$/.exec(option('--size') ?? '360x640');
  if (!size) {
    console.error('--size takes WIDTHxHEIGHT, for example 360x640.');
    return 2;
  }
  const out = option('--out') ?? mkdtempSync(path.join(os.tmpdir(), 'tp-head-pose-'));
  const step = Number(option('--step') ?? 2);
  let allMet = true;
  for (const photoPath of photos.length ? photos : DEFAULT_PHOTOS) {
    const name = path.basename(photoPath);
    const dir = path.join(out, name.replace(/\W+/g, '-'));
    mkdirSync(dir, { recursive: true });
    const runs = await measureHeadRuns(photoPath, dir, { width: Number(size[1]), height: Number(size[2]), step });
    console.log(describe(name, runs));
    const missed = runs.missed();
    allMet &&= missed.length === 0;
    console.log(missed.length ? `  → misses: ${missed.join('; ')}` : '  → meets every target');
    for (const [label, video, index] of [
      ['turn-left', runs.videos.lively, runs.lively.turnLeftFrame],
      ['turn-right', runs.videos.lively, runs.lively.turnRightFrame],
      ['nod', runs.videos.lively, runs.lively.nodFrame],
      ['warm', runs.videos.warm, runs.warm.frames[Math.floor(runs.warm.frames.length / 2)]!],
      ['serious', runs.videos.serious, runs.serious.frames[Math.floor(runs.serious.frames.length / 2)]!],
    ] as const) {
      await saveFrame(video, index, path.join(dir, `${label}-${index}.png`));
    }
    console.log(`  frames saved in ${dir}`);
  }
  console.log(
    `\nTargets: drawn yaw and pitch swing ${HEAD_TARGETS.minSwingDeg}–${HEAD_TARGETS.maxSwingDeg}° (default); at --head-motion 0 the nose's bridge as still as a still photo's (the default moves it by at least ${HEAD_TARGETS.noseMovesAtLeast}); background and shoulders within ${HEAD_TARGETS.rigidMargin} grey levels of the still photo's; the face in pauses ≥ ${HEAD_TARGETS.idleOverFloor}× the still photo's.`,
  );
  return allMet ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
