/**
 * A small WebAssembly binary writer: the few sections and opcodes the face warp's kernel
 * (warp-kernel.ts) is written with. The kernel is built from readable TypeScript at load
 * time rather than shipped as a compiled .wasm, so its source is the code in this repository
 * and no toolchain is needed to change it. Opcode values are those of the WebAssembly core
 * specification 2.0 (binary format, section 5.4) and its fixed-width SIMD proposal.
 *
 * Code is built as nested arrays of bytes: every helper returns the bytes that leave its
 * value on the stack, so an expression reads like the formula it computes.
 */

export type Code = number[];

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F64 | typeof V128;

const EMPTY_BLOCK = 0x40;

export function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    out.push(rest ? byte | 0x80 : byte);
  } while (rest);
  return out;
}

export function signedLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const utf8 = (text: string): number[] => [...Buffer.from(text, 'utf8')];
const vector = (items: number[][]): number[] => [...unsignedLeb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...unsignedLeb(body.length), ...body];

/** Concatenates pieces of code in order. */
export const seq = (...parts: Code[]): Code => parts.flat();

// Variables and constants.
export const get = (local: number): Code => [0x20, ...unsignedLeb(local)];
export const set = (local: number, value: Code): Code => [...value, 0x21, ...unsignedLeb(local)];
export const i32 = (value: number): Code => [0x41, ...signedLeb(value)];
export const f64 = (value: number): Code => {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleLE(value);
  return [0x44, ...bytes];
};
export const v128 = (bytes: ArrayBufferView): Code => [0xfd, 0x0c, ...new Uint8Array(bytes.buffer, bytes.byteOffset, 16)];

// Control. Depths count enclosing blocks outwards from 0, as in the binary format.
export const block = (...body: Code[]): Code => [0x02, EMPTY_BLOCK, ...body.flat(), 0x0b];
export const loop = (...body: Code[]): Code => [0x03, EMPTY_BLOCK, ...body.flat(), 0x0b];
export const when = (condition: Code, ...body: Code[]): Code => [...condition, 0x04, EMPTY_BLOCK, ...body.flat(), 0x0b];
export const choose = (condition: Code, then: Code, otherwise: Code): Code => [...condition, 0x04, EMPTY_BLOCK, ...then, 0x05, ...otherwise, 0x0b];
export const br = (depth: number): Code => [0x0c, ...unsignedLeb(depth)];
export const brIf = (depth: number, condition: Code): Code => [...condition, 0x0d, ...unsignedLeb(depth)];
/** `condition ? a : b`, both evaluated. */
export const select = (a: Code, b: Code, condition: Code): Code => [...a, ...b, ...condition, 0x1b];

const binary =
  (opcode: number) =>
  (a: Code, b: Code): Code => [...a, ...b, opcode];
const unary =
  (opcode: number) =>
  (a: Code): Code => [...a, opcode];

export const i32Op = {
  add: binary(0x6a),
  sub: binary(0x6b),
  mul: binary(0x6c),
  ltS: binary(0x48),
  gtS: binary(0x4a),
  leS: binary(0x4c),
  geS: binary(0x4e),
  geU: binary(0x4f),
  /** Saturating: an out-of-range float gives the nearest integer rather than a trap. */
  truncSatF64: (a: Code): Code => [...a, 0xfc, 0x02],
  /**
   * The integer nearest an f64 of magnitude below 2³¹, without a conversion instruction:
   * adding 1.5·2⁵² leaves it in the low bits of the sum (i64.reinterpret_f64, i32.wrap_i64).
   * V8 follows each f64→i32 conversion with a round-trip check; on the warp's rows those
   * checks' serial latency cost a fifth of the kernel's time.
   */
  nearestF64: (a: Code): Code => [...a, ...f64(6755399441055744), 0xa0, 0xbd, 0xa7],
};

export const f64Op = {
  add: binary(0xa0),
  sub: binary(0xa1),
  mul: binary(0xa2),
  min: binary(0xa4),
  max: binary(0xa5),
  lt: binary(0x63),
  ceil: unary(0x9b),
  floor: unary(0x9c),
  nearest: unary(0x9e),
  fromI32: unary(0xb7),
  load: (address: Code, offset: number): Code => [...address, 0x2b, 3, ...unsignedLeb(offset)],
};

const simd = (opcode: number, ...immediates: number[]): number[] => [0xfd, ...unsignedLeb(opcode), ...immediates];
const simdBinary =
  (opcode: number) =>
  (a: Code, b: Code): Code => [...a, ...b, ...simd(opcode)];
const simdUnary =
  (opcode: number) =>
  (a: Code): Code => [...a, ...simd(opcode)];

export const i32x4 = {
  splat: simdUnary(0x11),
  add: simdBinary(0xae),
  mul: simdBinary(0xb5),
  minS: simdBinary(0xb6),
  maxS: simdBinary(0xb8),
  shl: (a: Code, bits: number): Code => [...a, ...i32(bits), ...simd(0xab)],
  shrS: (a: Code, bits: number): Code => [...a, ...i32(bits), ...simd(0xac)],
  extractLane: (a: Code, lane: number): Code => [...a, ...simd(0x1b, lane)],
};

export const i16x8 = {
  add: simdBinary(0x8e),
  sub: simdBinary(0x91),
  shl: (a: Code, bits: number): Code => [...a, ...i32(bits), ...simd(0x8b)],
  shrU: (a: Code, bits: number): Code => [...a, ...i32(bits), ...simd(0x8d)],
  /** Q15 product rounded: (a·b + 2¹⁴) >> 15, lane by lane. */
  q15mulr: simdBinary(0x82),
  /** Two i32x4 into one i16x8, saturating signed. */
  narrowI32x4S: simdBinary(0x85),
};

export const i8x16 = {
  splat: simdUnary(0x0f),
  ltS: simdBinary(0x25),
  /** Two i16x8 into one i8x16, saturating to 0–255. */
  narrowI16x8U: simdBinary(0x66),
};

export const v128Op = {
  /** 16 bytes at `address + offset`. */
  load: (address: Code, offset: number): Code => [...address, ...simd(0x00, 0, ...unsignedLeb(offset))],
  store: (address: Code, offset: number, value: Code): Code => [...address, ...value, ...simd(0x0b, 0, ...unsignedLeb(offset))],
  and: simdBinary(0x4e),
  /** Bits of `a` where `mask` is set, of `b` elsewhere. */
  bitselect: (a: Code, b: Code, mask: Code): Code => [...a, ...b, ...mask, ...simd(0x52)],
  /** Loads 8 bytes from `address` into the low half, zeroing the rest. */
  load64Zero: (address: Code): Code => [...address, ...simd(0x5d, 0, 0)],
  /** Loads 16 bits from `address` into 16-bit lane `lane` of `into`, the other lanes kept. */
  load16Lane: (address: Code, into: Code, lane: number): Code => [...address, ...into, ...simd(0x55, 1, 0, lane)],
  /** Stores 64-bit lane `lane` of `value` at `address`. */
  store64Lane: (address: Code, value: Code, lane: number): Code => [...address, ...value, ...simd(0x5b, 0, 0, lane)],
};

export interface FunctionDefinition {
  name: string;
  params: ValueType[];
  /** Locals beyond the parameters, in index order after them. */
  locals: ValueType[];
  body: Code;
}

/** A module with one memory (exported as `memory`) and the given exported functions, none returning a value. */
export function writeModule(functions: FunctionDefinition[], initialPages: number): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...vector([])]);
  const bodies = functions.map((f) => {
    const groups = f.locals.map((type) => [...unsignedLeb(1), type]);
    const body = [...vector(groups), ...f.body, 0x0b];
    return [...unsignedLeb(body.length), ...body];
  });
  const name = (text: string): number[] => [...unsignedLeb(utf8(text).length), ...utf8(text)];
  const exports = [...functions.map((f, index) => [...name(f.name), 0x00, ...unsignedLeb(index)]), [...name('memory'), 0x02, 0]];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(3, vector(functions.map((_, index) => unsignedLeb(index)))),
    ...section(5, vector([[0x00, ...unsignedLeb(initialPages)]])),
    ...section(7, vector(exports)),
    ...section(10, vector(bodies)),
  ]);
}
