/**
 * How many blinks the frame check counts on real people's talking videos, and where: judges
 * each clip as `tp score` does and prints its blinks a minute and the time of each counted
 * blink; with --out, saves each clip's eye series (the numbers the count is made from, for a
 * test built from them) and a strip of frames around each counted blink to look at.
 *
 *   TP_REAL_CLIPS=/tmp/clips npx tsx tests/measure/real-blinks.ts [clip-name-part ...] [--out DIR]
 *
 * The clips are never part of the repository (the example clips of the SadTalker and
 * LivePortrait repositories, fetched elsewhere). People blink 10–25 times a minute while
 * talking; a clip far above that is worth looking at.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isTalkingPhotoError } from '../../src-shared/errors.js';
import { withFaceSession } from '../../src-main/engine/face/face-session.js';
import { mediaTools } from '../../src-main/engine/media/ffmpeg.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import { judgeVideoFile } from '../../src-main/engine/verify/judge-file.js';
import type { BlinkSeries } from '../../src-main/engine/verify/eye-shade.js';

const folder = process.env.TP_REAL_CLIPS;
if (!folder) {
  console.error('Set TP_REAL_CLIPS to a folder of real talking videos.');
  process.exit(2);
}
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : undefined;
const wanted = args.filter((a, i) => !a.startsWith('--') && i !== outAt + 1);
const clips = readdirSync(folder)
  .filter((f) => /\.(mp4|mov|mkv|webm)$/i.test(f) && (wanted.length === 0 || wanted.some((w) => f.includes(w))))
  .sort();

/** Seven frames, 2 apart, from 6 frames before the blink's first closed frame: the close, the shut and the opening in one strip. */
async function saveStrip(clip: string, region: { x: number; y: number; width: number; height: number }, fps: number, atS: number, file: string): Promise<void> {
  const from = Math.max(0, atS - 6 / fps);
  const side = 200;
  const filter = `crop=${region.width}:${region.height}:${region.x}:${region.y},scale=${side}:${side},select='not(mod(n\\,2))',tile=7x1`;
  await runProcess(mediaTools().ffmpeg.path, ['-loglevel', 'error', '-y', '-ss', from.toFixed(3), '-i', clip, '-frames:v', '1', '-vf', filter, file]);
}

await withFaceSession(async (session) => {
  for (const name of clips) {
    const clip = path.join(folder, name);
    let series: BlinkSeries | undefined;
    try {
      const judged = await judgeVideoFile(clip, { session, onBlinkSeries: (s) => (series = s) });
      const { blinks, durationS } = judged.verification;
      console.log(`${name}: ${blinks.count} blinks in ${durationS.toFixed(1)} s = ${blinks.perMinute.toFixed(0)} a minute; at ${(blinks.atS ?? []).map((s) => s.toFixed(2)).join(', ') || '—'} s`);
      if (out && series) {
        const dir = path.join(out, name.replace(/\.\w+$/, ''));
        mkdirSync(dir, { recursive: true });
        const plain = { fps: series.fps, dark: series.dark.map((s) => Array.from(s)), bright: series.bright.map((s) => Array.from(s)), jumped: series.jumped ?? [] };
        writeFileSync(path.join(dir, 'series.json'), JSON.stringify(plain) + '\n');
        for (const atS of blinks.atS ?? []) await saveStrip(clip, judged.region, series.fps, atS, path.join(dir, `blink-${atS.toFixed(2)}.png`));
      }
    } catch (error) {
      if (!isTalkingPhotoError(error)) throw error;
      console.log(`${name}: not judged (${error.code})`);
    }
  }
});
