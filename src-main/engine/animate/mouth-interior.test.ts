import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { drawnFrame, frameToRgb, REST_POSE, sceneOfPhoto } from '../../../tests/support/drawn-frames.js';
import { FIXTURES_DIR } from '../../../tests/support/fixtures.js';
import { analyzeFaces } from '../face/face-analysis.js';
import { at, LIPS, type Point } from '../face/landmarks.js';
import { insidePolygon } from '../verify/mouth-artifacts.js';

/**
 * A closed-mouth photo pulled open shows a painted inside (mouth-paint.ts). Read back from
 * the drawn frame with the face mesh, as a viewer's tracker would, it must look like a
 * mouth: upper teeth under the upper lip, one tooth after another rather than one pale
 * bar, turning into shadow towards the corners, over a dark (never black nor coloured)
 * cavity. Before, biden's open mouth was a black almond under a uniform grey stripe that
 * ran from corner to corner.
 */

const WIDTH = 720;
const HEIGHT = 1280;
const lumaOf = (rgb: Buffer, p: number): number => 0.2126 * rgb[p]! + 0.7152 * rgb[p + 1]! + 0.0722 * rgb[p + 2]!;

describe('the inside of a closed-mouth photo’s open mouth', () => {
  let rgb: Buffer;
  let inner: Point[];
  let outer: Point[];
  beforeAll(async () => {
    const { scene } = await sceneOfPhoto(path.join(FIXTURES_DIR, 'portrait-biden-tall.jpg'), WIDTH, HEIGHT);
    rgb = await frameToRgb(drawnFrame(scene, { ...REST_POSE, mouthGap: 0.25, jawOpen: 0.25 }, WIDTH, HEIGHT));
    const seen = (await analyzeFaces({ rgb, width: WIDTH, height: HEIGHT })).chosen.mesh;
    inner = [...LIPS.upperInner, ...[...LIPS.lowerInner].reverse()].map((i) => at(seen, i));
    outer = [...LIPS.upperOuter, ...[...LIPS.lowerOuter].reverse()].map((i) => at(seen, i));
  }, 60_000);

  /** Per column across the mouth (left to right, inside the tracked outer lip line): the brightest pixel's luma. */
  function brightestByColumn(): number[] {
    const xs = outer.map((p) => p[0]);
    const ys = outer.map((p) => p[1]);
    const columns: number[] = [];
    for (let x = Math.ceil(Math.min(...xs)); x <= Math.floor(Math.max(...xs)); x++) {
      let top = 0;
      for (let y = Math.floor(Math.min(...ys)); y <= Math.ceil(Math.max(...ys)); y++) {
        if (insidePolygon(x + 0.5, y + 0.5, outer)) top = Math.max(top, lumaOf(rgb, (y * WIDTH + x) * 3));
      }
      columns.push(top);
    }
    return columns;
  }

  it('opens (the case this guards)', () => {
    const ys = inner.map((p) => p[1]);
    const xs = inner.map((p) => p[0]);
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(0.15 * (Math.max(...xs) - Math.min(...xs)));
  });

  it('shows upper teeth, lit tooth by tooth, turning into shadow towards the corners', () => {
    const brightest = brightestByColumn();
    const n = brightest.length;
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const middle = brightest.slice(Math.round(n * 0.3), Math.round(n * 0.7));
    const corners = [...brightest.slice(Math.round(n * 0.04), Math.round(n * 0.16)), ...brightest.slice(Math.round(n * 0.84), Math.round(n * 0.96))];
    // The lips' own level: the median of every pixel inside the outer lip line.
    const xs = outer.map((p) => p[0]);
    const ys = outer.map((p) => p[1]);
    const all: number[] = [];
    for (let y = Math.floor(Math.min(...ys)); y <= Math.ceil(Math.max(...ys)); y++) {
      for (let x = Math.floor(Math.min(...xs)); x <= Math.ceil(Math.max(...xs)); x++) if (insidePolygon(x + 0.5, y + 0.5, outer)) all.push(lumaOf(rgb, (y * WIDTH + x) * 3));
    }
    const lips = all.sort((a, b) => a - b)[all.length >> 1]!;
    // Teeth, not a bar of one grey: lit as they face the camera and parted by seams, the
    // brightest pixel of a column changes from tooth to tooth; the old painted stripe held
    // one level over most of the mouth's width.
    const span = brightest.slice(Math.round(n * 0.3), Math.round(n * 0.7));
    const top = Math.max(...span);
    const flat = span.filter((v) => v >= top - 3).length / span.length;
    if (process.env.TP_DEBUG) console.log({ lips, middle: mean(middle), corners: mean(corners), flat });
    // Teeth in the middle of the mouth, well above the lips' level.
    expect(mean(middle)).toBeGreaterThan(1.3 * lips);
    // In the mouth's shadow at its corners: no brighter than the lips there.
    expect(mean(corners)).toBeLessThan(0.8 * mean(middle));
    expect(flat).toBeLessThan(0.35);
  });

  it('has a dark, reddish inside: never black, never green or purple', () => {
    const xs = inner.map((p) => p[0]);
    const ys = inner.map((p) => p[1]);
    let dark = 0;
    let coloured = 0;
    let total = 0;
    let red = 0;
    for (let y = Math.floor(Math.min(...ys)); y <= Math.ceil(Math.max(...ys)); y++) {
      for (let x = Math.floor(Math.min(...xs)); x <= Math.ceil(Math.max(...xs)); x++) {
        if (!insidePolygon(x + 0.5, y + 0.5, inner)) continue;
        const p = (y * WIDTH + x) * 3;
        const [r, g, b] = [rgb[p]!, rgb[p + 1]!, rgb[p + 2]!];
        total++;
        if (Math.max(r, g, b) < 6) dark++;
        if (g > r + 12 || (b > r + 12 && b > g + 12)) coloured++;
        if (lumaOf(rgb, p) < 120 && r >= g && r >= b) red++;
      }
    }
    expect(total).toBeGreaterThan(300);
    expect(dark / total).toBeLessThan(0.02);
    expect(coloured).toBe(0);
    expect(red / total).toBeGreaterThan(0.3);
  });
});
