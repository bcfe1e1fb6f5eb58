/**
 * Issue 17's blink measures on any photos, for working on the eyelids: renders a short
 * passage on each photo, tracks every rendered frame with the face mesh and prints the eye
 * opening at each blink's middle frame (as a share of the open eye), the blinks a minute
 * planned and seen, and saves an open frame, a blink's middle and a half blink to look at.
 *
 *   npx tsx tests/measure/blinks.ts [photo ...] [--out /tmp/blinks] [--size 360x640] [--rate 16] [--json figures.json]
 *
 * Without photos: the bundled sample and the shared fixtures with one face. Exit 0 when
 * every photo meets the targets (every blink's middle ≤ 35 % of open, 10–25 a minute
 * planned), 1 otherwise.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES_DIR, REPO_ROOT } from '../support/fixtures.js';
import { describeBlinkRun, MAX_CLOSED_SHARE, measureBlinksOnPhoto } from '../support/blink-measure.js';

const DEFAULT_PHOTOS = [
  path.join(REPO_ROOT, 'resources/samples/portrait.jpg'),
  ...['portrait-biden-tall.jpg', 'portrait-obama.jpg', 'rgba-speaker.png', 'low-res-240p.jpg', 'partial-face-at-edge.jpg'].map((f) => path.join(FIXTURES_DIR, f)),
];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const photos = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const size = /^(\d+)x(\d+)$/.exec(option('--size') ?? '360x640');
  if (!size) {
    console.error('--size takes WIDTHxHEIGHT, for example 360x640.');
    return 2;
  }
  const rate = Number(option('--rate') ?? 16);
  if (!(rate >= 0 && rate <= 60)) {
    console.error('--rate takes blinks a minute, 0 to 60.');
    return 2;
  }
  const out = option('--out') ?? mkdtempSync(path.join(os.tmpdir(), 'tp-blinks-'));
  const figures: unknown[] = [];
  let allMet = true;
  for (const photoPath of photos.length ? photos : DEFAULT_PHOTOS) {
    const name = path.basename(photoPath);
    try {
      const run = await measureBlinksOnPhoto({
        photoPath,
        outDir: path.join(out, name.replace(/\W+/g, '-')),
        width: Number(size[1]),
        height: Number(size[2]),
        blinkRate: rate,
        framesDir: path.join(out, 'frames'),
      });
      const met = run.worstRatio <= MAX_CLOSED_SHARE && run.plannedPerMinute >= 10 && run.plannedPerMinute <= 25;
      allMet &&= met;
      console.log(`${describeBlinkRun(name, run)}  → ${met ? 'meets the targets' : 'misses a target'}`);
      figures.push({
        photo: name,
        blinks: run.blinks,
        openValue: run.openValue,
        worstRatio: run.worstRatio,
        worstCloserEye: run.worstCloserEye,
        plannedPerMinute: run.plannedPerMinute,
        seenPerMinute: run.seenPerMinute,
        frames: run.frames,
      });
    } catch (error) {
      allMet = false;
      console.log(`${name}: not measured (${(error as Error).message})`);
    }
  }
  console.log(`\nTargets: eye opening at a blink's middle ≤ ${MAX_CLOSED_SHARE * 100}% of open, 10–25 blinks a minute. Frames saved in ${path.join(out, 'frames')}`);
  const json = option('--json');
  if (json) writeFileSync(json, JSON.stringify(figures, null, 2) + '\n');
  return allMet ? 0 : 1;
}

process.exitCode = await main();
