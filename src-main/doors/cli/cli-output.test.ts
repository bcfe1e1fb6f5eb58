import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressPrinter } from './cli-output.js';

afterEach(() => vi.restoreAllMocks());

describe('progressPrinter without a terminal', () => {
  it('names each stage once, though the photo and the voice report in turns', () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const tty = process.stderr.isTTY;
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
    try {
      const print = progressPrinter(false);
      print({ stage: 'intake', message: 'Reading the photo', percent: 0 });
      print({ stage: 'voice', message: 'Speaking the script', percent: 10 });
      print({ stage: 'intake', message: 'Reading the photo', percent: 100 });
      print({ stage: 'voice', message: 'Speaking the script (2 of 3)', percent: 60 });
      print({ stage: 'face', message: 'Finding the face', percent: 0 });
    } finally {
      Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
    }
    expect(lines).toEqual(['Reading the photo…\n', 'Speaking the script…\n', 'Finding the face…\n']);
  });
});
