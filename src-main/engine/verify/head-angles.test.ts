import { describe, expect, it } from 'vitest';
import type { Point } from '../face/landmarks.js';
import { turnOffset } from '../animate/head-pose.js';
import { headAngles, RIGID_POINTS } from './head-angles.js';

/** A face-like cloud: the rigid points on a rounded surface, 200 px wide, the nose 60 px nearer. */
function referenceFace(): { mesh: Point[]; depth: number[] } {
  const mesh: Point[] = Array.from({ length: 478 }, () => [0, 0] as const);
  const depth = new Array<number>(478).fill(0);
  RIGID_POINTS.forEach((index, n) => {
    const angle = (n / RIGID_POINTS.length) * Math.PI * 2 * 3.1;
    const r = 30 + ((n * 37) % 70);
    const x = 300 + r * Math.cos(angle);
    const y = 400 + 1.3 * r * Math.sin(angle);
    mesh[index] = [x, y];
    depth[index] = -60 * Math.exp(-((r / 45) ** 2)) + 0.3 * r;
  });
  return { mesh, depth };
}

/** The reference turned with the animation's own turn (head-pose.ts), about a pivot behind the face. */
function turned(face: { mesh: Point[]; depth: number[] }, yawDeg: number, pitchDeg: number, shift: [number, number]): Point[] {
  const yaw = (yawDeg * Math.PI) / 180;
  const pitch = (pitchDeg * Math.PI) / 180;
  const out: [number, number] = [0, 0];
  return face.mesh.map((p, i) => {
    turnOffset(p[0] - 300, p[1] - 520, face.depth[i]! - 80, [1, 0], [0, 1], Math.cos(yaw), Math.sin(yaw), Math.cos(pitch), Math.sin(pitch), out);
    return [p[0] + out[0] + shift[0], p[1] + out[1] + shift[1]] as const;
  });
}

describe('head angles from the face mesh', () => {
  it('reads the reference itself as facing straight ahead', () => {
    const face = referenceFace();
    const angles = headAngles(face.mesh, face.depth, face.mesh)!;
    expect(Math.abs(angles.yawDeg)).toBeLessThan(1e-6);
    expect(Math.abs(angles.pitchDeg)).toBeLessThan(1e-6);
  });

  it('recovers a 3° turn and a 2° nod drawn by the animation, whatever the head slid', () => {
    const face = referenceFace();
    for (const [yaw, pitch] of [
      [3, 0],
      [0, 2],
      [-2.5, -1.5],
    ] as const) {
      const angles = headAngles(face.mesh, face.depth, turned(face, yaw, pitch, [7, -4]))!;
      expect(angles.yawDeg).toBeCloseTo(yaw, 1);
      expect(angles.pitchDeg).toBeCloseTo(pitch, 1);
    }
  });
});
