import { describe, expect, it } from 'vitest';
import { edgeAt, findLipEdges, type LipOutline } from './lip-edges.js';

/**
 * A drawn open mouth, upright (u = x, v = y): skin, an upper lip, a row of teeth with dark
 * gaps between them, the dark inside, a lower lip. The "mesh" lines are put where the face
 * mesh puts them on the open-mouth fixture: the upper inner line 3 px down on the teeth,
 * the lower one 3 px up in the inside.
 */
const WIDTH = 120;
const HEIGHT = 80;
const SKIN = [200, 150, 125];
const LIP = [150, 70, 65];
const TOOTH = [225, 220, 210];
const GAP = [90, 80, 75];
const INSIDE = [45, 10, 12];
const UPPER_OUTER = 20;
const UPPER_EDGE = 30;
const LOWER_EDGE = 50;
const LOWER_OUTER = 62;

function drawnMouth(): Buffer {
  const rgb = Buffer.alloc(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      let c = SKIN;
      if (y >= UPPER_OUTER && y < UPPER_EDGE) c = LIP;
      else if (y >= UPPER_EDGE && y < 38) c = x % 12 === 0 ? GAP : TOOTH;
      else if (y >= 38 && y < LOWER_EDGE) c = INSIDE;
      else if (y >= LOWER_EDGE && y < LOWER_OUTER) c = LIP;
      rgb.set(c, (y * WIDTH + x) * 3);
    }
  }
  return rgb;
}

const line = (v: number) => ({ u: Float64Array.from([0, WIDTH - 1]), v: Float64Array.from([v, v]) });

describe('where the lips really end', () => {
  it("finds each lip's inner edge on the teeth and on the dark inside, not on the mesh's line", () => {
    const outline: LipOutline = {
      upperOuter: line(UPPER_OUTER),
      lowerOuter: line(LOWER_OUTER),
      upperInner: line(UPPER_EDGE + 3),
      lowerInner: line(LOWER_EDGE - 3),
      across: [1, 0],
      down: [0, 1],
    };
    const edges = findLipEdges(drawnMouth(), WIDTH, HEIGHT, outline, 10, 110);
    // Away from the corners (where both edges close in on the corner), within a pixel of the
    // drawn edge and never past it: the tooth gaps do not pull the upper edge down.
    for (let u = 25; u <= 95; u += 5) {
      const upper = edgeAt(edges, edges.upper, u);
      const lower = edgeAt(edges, edges.lower, u);
      expect(upper).toBeLessThanOrEqual(UPPER_EDGE);
      expect(upper).toBeGreaterThan(UPPER_EDGE - 1.5);
      expect(lower).toBeGreaterThanOrEqual(LOWER_EDGE - 1);
      expect(lower).toBeLessThan(LOWER_EDGE + 1.5);
    }
    // At the outer corners the lips meet.
    expect(edgeAt(edges, edges.lower, 10) - edgeAt(edges, edges.upper, 10)).toBeLessThan(0.5);
  });
});
