/**
 * Twice the signed area (px²) of the triangle a, b, c of a point list laid out x, y, x, y…
 * (the warp's control points): the cross product of two of its sides. Its sign says which
 * way round the corners go, so a triangle a pose turns over changes sign.
 */
export function twiceSignedArea(points: Float64Array, a: number, b: number, c: number): number {
  return (points[b * 2]! - points[a * 2]!) * (points[c * 2 + 1]! - points[a * 2 + 1]!) - (points[c * 2]! - points[a * 2]!) * (points[b * 2 + 1]! - points[a * 2 + 1]!);
}
