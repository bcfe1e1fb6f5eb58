/**
 * The opening mouth's defects a viewer sees at normal size (tests/support/mouth-defects.ts),
 * on each photo at the poses of mouth-poses.ts, drawn straight from the frame drawer at
 * 720×1280: the warp's folded area outside the opening, the share of darker-than-the-photo
 * pixels round the worse corner (and at rest), and the horizontal ÷ vertical gradient
 * under the lower lip against the photo's own at rest.
 *
 *   npx tsx tests/measure/mouth-defects.ts [photo ...]
 */
import path from 'node:path';
import { REST_POSE, sceneOfPhoto } from '../support/drawn-frames.js';
import { FIXTURES_DIR, REPO_ROOT } from '../support/fixtures.js';
import { darkAroundCorners, drawMouth, foldedArea, streakAnisotropy } from '../support/mouth-defects.js';

const photos = process.argv.slice(2);
if (photos.length === 0) photos.push(path.join(REPO_ROOT, 'resources/samples/portrait.jpg'), path.join(FIXTURES_DIR, 'rgba-speaker.png'), path.join(FIXTURES_DIR, 'portrait-biden-tall.jpg'));
const poses = [
  ['mid', 0.12, 0],
  ['wide', 0.3, 0],
  ['round', 0.15, -0.8],
  ['spread', 0.1, 0.8],
] as const;
for (const photo of photos) {
  const { scene } = await sceneOfPhoto(photo, 720, 1280);
  const rest = await drawMouth(scene, REST_POSE);
  const own = streakAnisotropy(rest);
  const parts = [`${path.basename(photo)}: rest dark ${(100 * darkAroundCorners(rest, rest)).toFixed(1)} %`];
  for (const [name, gap, width] of poses) {
    const pose = { ...REST_POSE, mouthGap: gap, jawOpen: gap, mouthWidth: width };
    const drawn = await drawMouth(scene, pose);
    parts.push(`${name}: folded ${foldedArea(scene, pose).toFixed(1)} px², dark ${(100 * darkAroundCorners(drawn, rest)).toFixed(1)} %, streaks ${(streakAnisotropy(drawn) / own).toFixed(2)}×`);
  }
  console.log(parts.join(' | '));
}
