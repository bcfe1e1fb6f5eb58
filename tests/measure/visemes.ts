/**
 * Issue 14's mouth measures on any photos, for working on the mouth: renders the p/b/m
 * passage on each photo, tracks the rendered frames with the face mesh and prints closure,
 * open-vs-closed, rounding, the picture's lead and the teeth at full closure; the frames at
 * full closure and widest opening are saved to look at.
 *
 *   npx tsx tests/measure/visemes.ts [photo ...] [--out /tmp/visemes] [--size 360x640] [--json figures.json]
 *
 * Without photos: the bundled sample and the shared fixtures with one face. Exit 0 when
 * every photo meets every target, 1 otherwise.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LIP_SYNC_TARGETS } from '../../src-shared/lip-sync-targets.js';
import { MAX_TOOTH_SHARE_CLOSED } from '../../src-main/engine/verify/mouth-artifacts.js';
import { FIXTURES_DIR, REPO_ROOT } from '../support/fixtures.js';
import { describeMouthRun, measureMouthOnPhoto } from '../support/mouth-measure.js';

const DEFAULT_PHOTOS = [
  path.join(REPO_ROOT, 'resources/samples/portrait.jpg'),
  ...['portrait-biden-tall.jpg', 'rgba-speaker.png', 'low-res-240p.jpg', 'partial-face-at-edge.jpg'].map((f) => path.join(FIXTURES_DIR, f)),
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
  const out = option('--out') ?? mkdtempSync(path.join(os.tmpdir(), 'tp-visemes-'));
  const figures: unknown[] = [];
  let allMet = true;
  for (const photoPath of photos.length ? photos : DEFAULT_PHOTOS) {
    const name = path.basename(photoPath);
    try {
      const run = await measureMouthOnPhoto({ photoPath, outDir: path.join(out, name.replace(/\W+/g, '-')), width: Number(size[1]), height: Number(size[2]), framesDir: path.join(out, 'frames') });
      const { visemes: m, teeth } = run;
      const met = m.passed.closure === true && m.passed.openVsClosed === true && m.passed.rounding === true && m.lead.frames >= 0 && m.lead.frames <= 2 && teeth.share <= MAX_TOOTH_SHARE_CLOSED;
      allMet &&= met;
      console.log(`${describeMouthRun(name, run)}  → ${met ? 'meets every target' : 'misses a target'}`);
      figures.push({ photo: name, visemes: m, teethShareAtClosure: teeth.share, frames: run.frames });
    } catch (error) {
      allMet = false;
      console.log(`${name}: not measured (${(error as Error).message})`);
    }
  }
  console.log(
    `\nTargets: closure ≥ ${LIP_SYNC_TARGETS.closureShare}, open/closed ≥ ${LIP_SYNC_TARGETS.openToClosed}, rounded/spread ≤ ${LIP_SYNC_TARGETS.roundedToSpread}, ` +
      `lead 0–2 frames, teeth at closure ≤ ${MAX_TOOTH_SHARE_CLOSED * 100}%. Frames saved in ${path.join(out, 'frames')}`,
  );
  const json = option('--json');
  if (json) writeFileSync(json, JSON.stringify(figures, null, 2) + '\n');
  return allMet ? 0 : 1;
}

process.exitCode = await main();
