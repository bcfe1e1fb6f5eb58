/**
 * Draws a photo's face at a few mouth poses (rest, half open, wide open, rounded, spread)
 * straight from the frame drawer, no voice or encoder, and writes each pose's mouth at 4×
 * as a PNG, and all of them stacked: for looking at the painted inside and the lips after
 * a change to the mouth.
 *
 *   npx tsx tests/measure/mouth-poses.ts PHOTO OUT_DIR [NAME]
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { at, LIPS } from '../../src-main/engine/face/landmarks.js';
import { drawnFrame, REST_POSE, sceneOfPhoto } from '../support/drawn-frames.js';

const [photoPath, out, tag = path.basename(photoPath ?? '', path.extname(photoPath ?? ''))] = process.argv.slice(2);
if (!photoPath || !out) {
  console.error('Usage: npx tsx tests/measure/mouth-poses.ts PHOTO OUT_DIR [NAME]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const W = 720;
const H = 1280;
const { scene, face } = await sceneOfPhoto(photoPath, W, H);
const { scale, cropX, cropY } = scene.layout;
// The mouth in the frame (the photo's outer lip line, as drawn at rest), with room around it.
const lips = [...LIPS.upperOuter, ...LIPS.lowerOuter].map((i) => at(face.mesh, i)).map(([x, y]) => [x * scale - cropX, y * scale - cropY] as const);
const x0 = Math.min(...lips.map((p) => p[0]));
const x1 = Math.max(...lips.map((p) => p[0]));
const y0 = Math.min(...lips.map((p) => p[1]));
const mouthWidth = x1 - x0;
const crop = { x: Math.round(x0 - mouthWidth * 0.3), y: Math.round(y0 - mouthWidth * 0.25), w: Math.round(mouthWidth * 1.6), h: Math.round(mouthWidth * 0.9) };
const poses = [
  ['rest', 0, 0, 0],
  ['mid', 0.12, 0.12, 0],
  ['wide', 0.3, 0.3, 0],
  ['round', 0.15, 0.15, -0.8],
  ['spread', 0.1, 0.08, 0.8],
] as const;
const files: string[] = [];
for (const [name, gap, jaw, width] of poses) {
  const frame = drawnFrame(scene, { ...REST_POSE, mouthGap: gap, jawOpen: jaw, mouthWidth: width }, W, H);
  const f = `${out}/${tag}-${name}.png`;
  execFileSync(
    'ffmpeg',
    ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${W}x${H}`, '-i', '-', '-vf', `crop=${crop.w}:${crop.h}:${crop.x}:${crop.y},scale=${crop.w * 4}:-2:flags=lanczos`, f],
    { input: frame.data },
  );
  files.push(f);
}
execFileSync('ffmpeg', ['-v', 'error', '-y', ...files.flatMap((f) => ['-i', f]), '-filter_complex', `vstack=${files.length}`, `${out}/${tag}-all.png`]);
console.log(`${out}/${tag}-all.png`, crop);
