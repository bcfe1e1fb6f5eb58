import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fixture, type FixtureName } from '../../../tests/support/fixtures.js';
import { analyzeFaces } from './face-analysis.js';
import { distance, LEFT_EYE, RIGHT_EYE, type Point } from './landmarks.js';

/**
 * Where the face stage lays the eyes, checked against the photos. The corners and pupils
 * below were read by eye on 14× crops of the fixtures (photo pixels, ±1 px): human's own
 * iris step mirrored the subject's right eye, which on two-faces.jpg's rolled face laid that
 * eye at 27.6° with its outer corner 9 px inside the eye, and on rgba-speaker put its iris
 * on the white, 18 px from the pupil.
 */

async function chosenFace(name: FixtureName) {
  const { data, info } = await sharp(fixture(name)).rotate().flatten({ background: '#ffffff' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return (await analyzeFaces({ rgb: data, width: info.width, height: info.height })).chosen;
}

const degrees = (from: Point, to: Point) => (Math.atan2(to[1] - from[1], to[0] - from[0]) * 180) / Math.PI;

describe('eye contours and irises', () => {
  it("lays two-faces.jpg's rolled right eye along the photo's eye, its irises on the pupils", async () => {
    const face = await chosenFace('two-faces.jpg');
    const outer = face.mesh[RIGHT_EYE.outerCorner]!;
    const inner = face.mesh[RIGHT_EYE.innerCorner]!;
    // The photo's right eye runs from (829, 125.5) to (859, 130): 8.5° down towards the nose.
    expect(Math.abs(degrees(outer, inner) - 8.5)).toBeLessThan(4);
    expect(distance(inner, [859, 130])).toBeLessThan(3);
    expect(distance(outer, [829, 125.5])).toBeLessThan(6);
    // Its left eye, from (894, 137) to (919.5, 141.5), and the two eyes agree.
    const leftAngle = degrees(face.mesh[LEFT_EYE.innerCorner]!, face.mesh[LEFT_EYE.outerCorner]!);
    expect(Math.abs(leftAngle - 10)).toBeLessThan(4);
    expect(Math.abs(degrees(outer, inner) - leftAngle)).toBeLessThan(5);
    // Irises: 473 is the subject's right eye's centre, 468 the left's (human's order).
    expect(distance(face.mesh[473]!, [843.5, 126])).toBeLessThan(3);
    expect(distance(face.mesh[468]!, [907.5, 139])).toBeLessThan(3);
  });

  it("puts rgba-speaker's right iris on its pupil, not on the white beside it", async () => {
    const face = await chosenFace('rgba-speaker.png');
    expect(distance(face.mesh[473]!, [247, 366])).toBeLessThan(4);
    // The contour's corners stay on the eye's corners.
    expect(distance(face.mesh[RIGHT_EYE.outerCorner]!, [231, 370])).toBeLessThan(5);
  });
});
