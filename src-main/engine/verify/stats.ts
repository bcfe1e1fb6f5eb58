/** Small statistics used to judge rendered videos the way a viewer would. */

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return values.length ? sum / values.length : 0;
}

export function std(values: ArrayLike<number>): number {
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i]! - m) ** 2;
  return values.length ? Math.sqrt(sum / values.length) : 0;
}

export function median(values: ArrayLike<number>): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  if (!sorted.length) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  if (n < 3) return 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
}

/**
 * Best correlation of `follower` against `leader` for lags in [−maxLag, maxLag] frames;
 * a positive lag means the follower trails the leader.
 */
export function bestLaggedCorrelation(leader: ArrayLike<number>, follower: ArrayLike<number>, maxLag: number): { r: number; lag: number } {
  let best = { r: -Infinity, lag: 0 };
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < leader.length; i++) {
      const j = i + lag;
      if (j < 0 || j >= follower.length) continue;
      const x = leader[i]!;
      const y = follower[j]!;
      if (Number.isNaN(x) || Number.isNaN(y)) continue;
      a.push(x);
      b.push(y);
    }
    const r = pearson(a, b);
    if (r > best.r) best = { r, lag };
  }
  return best;
}

/**
 * Counts dips below `threshold` (blinks in an eye-opening series). Dips separated by at
 * most `mergeGap` frames above the threshold count as one.
 */
export function countDips(values: ArrayLike<number>, threshold: number, mergeGap = 0): number {
  let count = 0;
  let lastBelow = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v) || v >= threshold) continue;
    if (i - lastBelow > mergeGap + 1) count++;
    lastBelow = i;
  }
  return count;
}
