import { describe, expect, it } from 'vitest';
import { block, br, brIf, get, I32, i32, i32Op, loop, set, signedLeb, unsignedLeb, writeModule } from './wasm-writer.js';

describe('WebAssembly writer', () => {
  it('encodes LEB128 as the specification’s examples do', () => {
    expect(unsignedLeb(0)).toEqual([0]);
    expect(unsignedLeb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(signedLeb(-1)).toEqual([0x7f]);
    expect(signedLeb(63)).toEqual([0x3f]);
    expect(signedLeb(64)).toEqual([0xc0, 0x00]);
    expect(signedLeb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it('writes a module that runs: a loop that stores 1..n into its exported memory', () => {
    // fill(n): for (i = 0; i < n; i++) memory[i] = i + 1
    const [n, index] = [0, 1];
    const body = block(loop(brIf(1, i32Op.geS(get(index), get(n))), get(index), i32Op.add(get(index), i32(1)), [0x3a, 0, 0] /* i32.store8 */, set(index, i32Op.add(get(index), i32(1))), br(0)));
    const module = new WebAssembly.Module(writeModule([{ name: 'fill', params: [I32], locals: [I32], body }], 1));
    const instance = new WebAssembly.Instance(module, {});
    (instance.exports.fill as (n: number) => void)(5);
    expect([...new Uint8Array((instance.exports.memory as WebAssembly.Memory).buffer, 0, 7)]).toEqual([1, 2, 3, 4, 5, 0, 0]);
  });
});
