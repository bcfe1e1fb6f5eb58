/**
 * The face warp's inner loops as WebAssembly with 128-bit SIMD: the same piecewise-affine
 * backward warp as warp.ts's `warpPlane` (its reference), eight destination pixels a step.
 * The caller (warp-simd.ts) prepares one table entry per moved triangle (its affine map
 * and sorted corners, set-up that JavaScript does cheaply); the kernel walks each
 * triangle's rows in f64 exactly as the reference does, so the spans cover the same
 * pixels, then samples each span in integer lanes: positions in 16.16 fixed point (clamped
 * to the plane, the integer part the pixel, the fraction a Q15 weight), the 2×2 neighbours
 * gathered with 16-bit lane loads, and the bilinear blend in Q15 on values scaled by 128,
 * so the result stays within one code value of the reference's f64 (warp-simd.test.ts).
 * Integer lanes avoid float-to-int conversions, which cost several instructions each in
 * SIMD: the first float version of this kernel was only 1.3× faster than the JavaScript.
 */
import {
  block,
  br,
  brIf,
  choose,
  type Code,
  F64,
  f64,
  f64Op,
  get,
  I32,
  i16x8,
  i32,
  i32Op,
  i32x4,
  i8x16,
  loop,
  select,
  seq,
  set,
  V128,
  v128,
  v128Op,
  type ValueType,
  when,
  writeModule,
} from './wasm-writer.js';

/** One moved triangle in the kernel's table: f64 fields, in this order. */
export const TRIANGLE_FIELDS = ['x0', 'y0', 'x1', 'y1', 'longSlope', 'upperSlope', 'lowerSlope', 'ax', 'bx', 'cx', 'ay', 'by', 'cy', 'rowStart', 'rowEnd'] as const;
/**
 * Bytes a table entry takes: the f64 fields (and a spare) in 128, then six v128 the kernel
 * writes per triangle (its steps across lanes and groups; see `steps`).
 */
export const TRIANGLE_BYTES = 224;
/** The kernel's constants, written at the start of every call to the memory's first bytes; the table must start after them. */
export const SCRATCH_BYTES = 128;
const field = (name: (typeof TRIANGLE_FIELDS)[number]): number => TRIANGLE_FIELDS.indexOf(name) * 8;

/** 16.16 fixed point: a position's integer part is the pixel, its fraction the blend weight. */
export const FIXED_ONE = 65536;
/**
 * `warp(table, count, clipX0, clipX1, srcBase, dstBase, stride, maxX, maxY, twin)`, all i32: byte
 * offsets into the module's memory; `maxX`/`maxY` the largest source position, 16.16;
 * `twin` the distance from the first plane to a second one sampled at the same positions
 * (chroma V beside U), 0 for none.
 */
export const WARP_PARAMS = ['table', 'count', 'clipX0', 'clipX1', 'srcBase', 'dstBase', 'stride', 'maxX', 'maxY', 'twin'] as const;

const splat4 = (values: number[]): Code => v128(new Int32Array(values));
const splat8 = (value: number): Code => v128(new Int16Array(8).fill(value));

/**
 * Vectors the loops use, kept in memory and loaded where used (one instruction, often folded
 * into the operation): as constants or locals, the compiler rebuilt or spilled them on every
 * row, since f64 and v128 values share the sixteen vector registers.
 */
const CONSTANTS = {
  fraction: splat4([0x7fff, 0x7fff, 0x7fff, 0x7fff]),
  lowByte: splat8(0xff),
  highByte: splat8(0x7f80),
  round: splat8(64),
  byteIndex: v128(new Int8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15])),
  lanesLow: splat4([0, 1, 2, 3]),
  lanesHigh: splat4([4, 5, 6, 7]),
};
const constantAt = (name: keyof typeof CONSTANTS): number => Object.keys(CONSTANTS).indexOf(name) * 16;
const constant = (name: keyof typeof CONSTANTS): Code => v128Op.load(i32(0), constantAt(name));
/** Per triangle, after its f64 fields: positions' steps across lanes 0–3 and 4–7 and across a group of eight. */
const STEPS = ['x0', 'x1', 'y0', 'y1', 'x8', 'y8'] as const;

function kernelBody(): { locals: ValueType[]; body: Code } {
  const locals: ValueType[] = [];
  let next = WARP_PARAMS.length;
  // Local indices by name: the parameters first (all i32), then the locals in order.
  const named = <K extends string>(names: readonly K[], type: ValueType | null): Record<K, number> =>
    Object.fromEntries(
      names.map((name, index) => {
        if (!type) return [name, index];
        locals.push(type);
        return [name, next++];
      }),
    ) as Record<K, number>;
  const { table, count, clipX0, clipX1, srcBase, dstBase, stride, maxX, maxY, twin } = named(WARP_PARAMS, null);
  const { t, end, y, rowEnd, left, right, out, n, p, ax, ay } = named(['t', 'end', 'y', 'rowEnd', 'left', 'right', 'out', 'n', 'p', 'ax', 'ay'], I32);
  const tri = named(TRIANGLE_FIELDS.slice(0, 13), F64);
  const { yf, xLong, xShort } = named(['yf', 'xLong', 'xShort'], F64);
  const step = (name: (typeof STEPS)[number]): Code => v128Op.load(get(t), 128 + STEPS.indexOf(name) * 16);
  // Per group: positions (lanes 0–3, 4–7), clamped, source offsets, Q15 fractions.
  const { posX0, posX1, posY0, posY1, cx0, cx1, cy0, cy1, idx0, idx1, fx, fy } = named(['posX0', 'posX1', 'posY0', 'posY1', 'cx0', 'cx1', 'cy0', 'cy1', 'idx0', 'idx1', 'fx', 'fy'], V128);
  const { topRow, bottomRow, a, b, c, d, upper, lower, packed } = named(['topRow', 'bottomRow', 'a', 'b', 'c', 'd', 'upper', 'lower', 'packed'], V128);
  const { zero, maxXv, maxYv, strideV, srcV } = named(['zero', 'maxXv', 'maxYv', 'strideV', 'srcV'], V128);

  const clamp = (position: number, max: number): Code => i32x4.minS(i32x4.maxS(get(position), get(zero)), get(max));
  const fraction = (low: number, high: number): Code => i16x8.narrowI32x4S(v128Op.and(i32x4.shrS(get(low), 1), constant('fraction')), v128Op.and(i32x4.shrS(get(high), 1), constant('fraction')));
  const offsetOf = (cx: number, cy: number): Code => i32x4.add(i32x4.add(i32x4.mul(i32x4.shrS(get(cy), 16), get(strideV)), i32x4.shrS(get(cx), 16)), get(srcV));

  // The eight pixels' 2×2 neighbours, `offset` bytes from the first plane: 16-bit lane k of
  // the top row holds pixel k's a|b<<8, of the bottom row its c|d<<8.
  const gather = (offset: Code | null): Code =>
    seq(
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((lane) =>
        seq(
          set(p, offset ? i32Op.add(i32x4.extractLane(get(lane < 4 ? idx0 : idx1), lane % 4), offset) : i32x4.extractLane(get(lane < 4 ? idx0 : idx1), lane % 4)),
          set(topRow, v128Op.load16Lane(get(p), get(topRow), lane)),
          set(bottomRow, v128Op.load16Lane(i32Op.add(get(p), get(stride)), get(bottomRow), lane)),
        ),
      ),
    );
  // Values ×128 so the Q15 products keep seven bits below the code value:
  // upper = a + (b − a)·fx, lower = c + (d − c)·fx, value = upper + (lower − upper)·fy.
  const low = (pair: number): Code => i16x8.shl(v128Op.and(get(pair), constant('lowByte')), 7);
  const high = (pair: number): Code => v128Op.and(i16x8.shrU(get(pair), 1), constant('highByte'));
  const lerp = (from: Code, to: Code, weight: number): Code => i16x8.add(from, i16x8.q15mulr(i16x8.sub(to, from), get(weight)));
  const blend = seq(
    set(a, low(topRow)),
    set(b, high(topRow)),
    set(c, low(bottomRow)),
    set(d, high(bottomRow)),
    set(upper, lerp(get(a), get(b), fx)),
    set(lower, lerp(get(c), get(d), fx)),
    set(packed, i16x8.shrU(i16x8.add(lerp(get(upper), get(lower), fy), constant('round')), 7)),
    set(packed, i8x16.narrowI16x8U(get(packed), get(packed))),
  );
  // Eight bytes at once; the span's last one to seven merged into what is there.
  const store = (address: Code): Code =>
    choose(
      i32Op.geS(get(n), i32(8)),
      v128Op.store64Lane(address, get(packed), 0),
      v128Op.store64Lane(address, v128Op.bitselect(get(packed), v128Op.load64Zero(address), i8x16.ltS(constant('byteIndex'), i8x16.splat(get(n)))), 0),
    );

  const pixels = loop(
    set(cx0, clamp(posX0, maxXv)),
    set(cx1, clamp(posX1, maxXv)),
    set(cy0, clamp(posY0, maxYv)),
    set(cy1, clamp(posY1, maxYv)),
    set(idx0, offsetOf(cx0, cy0)),
    set(idx1, offsetOf(cx1, cy1)),
    set(fx, fraction(cx0, cx1)),
    set(fy, fraction(cy0, cy1)),
    gather(null),
    blend,
    store(get(out)),
    when(get(twin), gather(get(twin)), blend, store(i32Op.add(get(out), get(twin)))),
    set(posX0, i32x4.add(get(posX0), step('x8'))),
    set(posX1, i32x4.add(get(posX1), step('x8'))),
    set(posY0, i32x4.add(get(posY0), step('y8'))),
    set(posY1, i32x4.add(get(posY1), step('y8'))),
    set(out, i32Op.add(get(out), i32(8))),
    set(n, i32Op.sub(get(n), i32(8))),
    brIf(0, i32Op.gtS(get(n), i32(0))),
  );

  const fixed = (value: Code): Code => i32Op.nearestF64(f64Op.mul(value, f64(FIXED_ONE)));
  const startOfSpan = (a: number, b: number, c: number): Code => fixed(f64Op.add(f64Op.add(f64Op.mul(get(a), f64Op.fromI32(get(left))), f64Op.mul(get(b), get(yf))), get(c)));

  // One row of a triangle, as warpPlane computes it (same f64 operations in the same order).
  const row = seq(
    set(yf, f64Op.fromI32(get(y))),
    set(xLong, f64Op.add(get(tri.x0), f64Op.mul(f64Op.sub(get(yf), get(tri.y0)), get(tri.longSlope)))),
    set(
      xShort,
      select(
        f64Op.add(get(tri.x0), f64Op.mul(f64Op.sub(get(yf), get(tri.y0)), get(tri.upperSlope))),
        f64Op.add(get(tri.x1), f64Op.mul(f64Op.sub(get(yf), get(tri.y1)), get(tri.lowerSlope))),
        f64Op.lt(get(yf), get(tri.y1)),
      ),
    ),
    // Selects rather than f64.min/max, whose NaN and −0 rules cost a branchy sequence (no position is either).
    set(left, i32Op.nearestF64(f64Op.ceil(f64Op.sub(select(get(xLong), get(xShort), f64Op.lt(get(xLong), get(xShort))), f64(1e-7))))),
    set(right, i32Op.nearestF64(f64Op.floor(f64Op.add(select(get(xShort), get(xLong), f64Op.lt(get(xLong), get(xShort))), f64(1e-7))))),
    set(left, select(get(clipX0), get(left), i32Op.ltS(get(left), get(clipX0)))),
    set(right, select(get(clipX1), get(right), i32Op.gtS(get(right), get(clipX1)))),
    when(
      i32Op.leS(get(left), get(right)),
      set(p, startOfSpan(tri.ax, tri.bx, tri.cx)),
      set(posX0, i32x4.add(i32x4.splat(get(p)), step('x0'))),
      set(posX1, i32x4.add(i32x4.splat(get(p)), step('x1'))),
      set(p, startOfSpan(tri.ay, tri.by, tri.cy)),
      set(posY0, i32x4.add(i32x4.splat(get(p)), step('y0'))),
      set(posY1, i32x4.add(i32x4.splat(get(p)), step('y1'))),
      set(out, i32Op.add(get(dstBase), i32Op.add(i32Op.mul(get(y), get(stride)), get(left)))),
      set(n, i32Op.add(i32Op.sub(get(right), get(left)), i32(1))),
      pixels,
    ),
  );

  const triangle = seq(
    ...(Object.keys(tri) as Array<keyof typeof tri>).map((name) => set(tri[name], f64Op.load(get(t), field(name)))),
    set(ax, fixed(get(tri.ax))),
    set(ay, fixed(get(tri.ay))),
    v128Op.store(get(t), 128 + STEPS.indexOf('x0') * 16, i32x4.mul(i32x4.splat(get(ax)), constant('lanesLow'))),
    v128Op.store(get(t), 128 + STEPS.indexOf('x1') * 16, i32x4.mul(i32x4.splat(get(ax)), constant('lanesHigh'))),
    v128Op.store(get(t), 128 + STEPS.indexOf('x8') * 16, i32x4.splat(i32Op.mul(get(ax), i32(8)))),
    v128Op.store(get(t), 128 + STEPS.indexOf('y0') * 16, i32x4.mul(i32x4.splat(get(ay)), constant('lanesLow'))),
    v128Op.store(get(t), 128 + STEPS.indexOf('y1') * 16, i32x4.mul(i32x4.splat(get(ay)), constant('lanesHigh'))),
    v128Op.store(get(t), 128 + STEPS.indexOf('y8') * 16, i32x4.splat(i32Op.mul(get(ay), i32(8)))),
    set(y, i32Op.nearestF64(f64Op.load(get(t), field('rowStart')))),
    set(rowEnd, i32Op.nearestF64(f64Op.load(get(t), field('rowEnd')))),
    block(loop(brIf(1, i32Op.gtS(get(y), get(rowEnd))), row, set(y, i32Op.add(get(y), i32(1))), br(0))),
  );

  const body = seq(
    ...(Object.keys(CONSTANTS) as Array<keyof typeof CONSTANTS>).map((name) => v128Op.store(i32(0), constantAt(name), CONSTANTS[name])),
    set(maxXv, i32x4.splat(get(maxX))),
    set(maxYv, i32x4.splat(get(maxY))),
    set(strideV, i32x4.splat(get(stride))),
    set(srcV, i32x4.splat(get(srcBase))),
    set(t, get(table)),
    set(end, i32Op.add(get(table), i32Op.mul(get(count), i32(TRIANGLE_BYTES)))),
    block(loop(brIf(1, i32Op.geU(get(t), get(end))), triangle, set(t, i32Op.add(get(t), i32(TRIANGLE_BYTES))), br(0))),
  );
  return { locals, body };
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel, or null where this runtime lacks WebAssembly SIMD (the caller falls back to warpPlane). */
export function warpKernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  const bytes = warpKernelBytes();
  compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  return compiled;
}

/** The module's bytes, for tests that check they are valid where SIMD is known to exist. */
export function warpKernelBytes(): Uint8Array<ArrayBuffer> {
  const { locals, body } = kernelBody();
  return writeModule([{ name: 'warp', params: WARP_PARAMS.map(() => I32), locals, body }], 1);
}
