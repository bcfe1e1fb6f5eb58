import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RotatingFile } from './rotating-file.js';

const ROTATING_FILE = fileURLToPath(new URL('./rotating-file.ts', import.meta.url));

function folder(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'tp-rotating-'));
}

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

/** A separate Node process appending `count` numbered lines through its own RotatingFile. */
function writerProcess(file: string, writer: string, count: number, maxBytes: number, keep: number, startAt: number): Promise<number | null> {
  // Both start writing at the same moment, whatever each one's start-up took.
  const script = `
    import { RotatingFile } from ${JSON.stringify(ROTATING_FILE)};
    const log = new RotatingFile({ file: ${JSON.stringify(file)}, maxBytes: ${maxBytes}, keep: ${keep} });
    while (Date.now() < ${startAt});
    for (let i = 0; i < ${count}; i += 1) {
      log.write(JSON.stringify({ writer: ${JSON.stringify(writer)}, i, pad: 'x'.repeat(80) }) + '\\n');
      // Short pauses, as a real app's logging has: the two writers take turns many times.
      if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 2));
    }
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

describe('the rotating log file', () => {
  it('keeps at most `keep` files, each under the cap, with the newest lines in the current file', () => {
    const dir = folder();
    const file = path.join(dir, 'talkingphoto.log');
    const log = new RotatingFile({ file, maxBytes: 4096, keep: 3 });
    for (let i = 0; i < 500; i += 1) log.write(`${JSON.stringify({ i, pad: 'y'.repeat(60) })}\n`);

    expect(readdirSync(dir).sort()).toEqual(['talkingphoto.log', 'talkingphoto.log.1', 'talkingphoto.log.2']);
    for (const name of readdirSync(dir)) expect(statSync(path.join(dir, name)).size).toBeLessThanOrEqual(4096);
    const newest = lines(file).map((line) => (JSON.parse(line) as { i: number }).i);
    expect(newest.at(-1)).toBe(499);
    // The kept files are the last ones written, in order, with nothing missing between them.
    const kept = [...lines(`${file}.2`), ...lines(`${file}.1`), ...lines(file)].map((line) => (JSON.parse(line) as { i: number }).i);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, k) => 500 - kept.length + k));
    expect(kept[0]).toBeGreaterThan(0);
  });

  it('makes its folder when missing, and never throws on a write it cannot make (told once)', () => {
    const dir = folder();
    const failures: unknown[] = [];
    const log = new RotatingFile({ file: path.join(dir, 'no', 'such', 'deep', 'talkingphoto.log'), onFailure: (error) => failures.push(error) });
    log.write('one\n');
    expect(lines(path.join(dir, 'no', 'such', 'deep', 'talkingphoto.log'))).toEqual(['one']);

    // A file where the folder should be: the write fails, is told once, and does not throw.
    writeFileSync(path.join(dir, 'a-file'), '');
    const blocked = new RotatingFile({ file: path.join(dir, 'a-file', 'talkingphoto.log'), onFailure: (error) => failures.push(error) });
    log.write('two\n');
    expect(() => {
      blocked.write('a\n');
      blocked.write('b\n');
    }).not.toThrow();
    expect(failures).toHaveLength(1);
  });

  it('rotates safely while two processes write the same file: whole lines only, none lost, at most `keep` files', async () => {
    const dir = folder();
    const file = path.join(dir, 'talkingphoto.log');
    const startAt = Date.now() + 2500;
    // 2 × 1000 lines of ~110 bytes is about 220 kB: several rotations at 64 kB, all of it kept in 5 files.
    const codes = await Promise.all([writerProcess(file, 'a', 1000, 65_536, 5, startAt), writerProcess(file, 'b', 1000, 65_536, 5, startAt)]);
    expect(codes).toEqual([0, 0]);

    const names = readdirSync(dir);
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(names.every((name) => /^talkingphoto\.log(\.[1-4])?$/u.test(name))).toBe(true);
    // A file may pass the cap by the few lines the other process appended while this one
    // checked the size or held the rotation lock: a bounded overshoot, never a runaway file.
    for (const name of names) expect(statSync(path.join(dir, name)).size).toBeLessThanOrEqual(65_536 + 8192);
    // Every line is whole (no write of one process landed inside another's line), and each appears once.
    const records = names.flatMap((name) => lines(path.join(dir, name))).map((line) => JSON.parse(line) as { writer: string; i: number });
    for (const writer of ['a', 'b']) {
      const seen = records
        .filter((r) => r.writer === writer)
        .map((r) => r.i)
        .sort((x, y) => x - y);
      expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    }
    // The writers really overlapped: read oldest to newest, the lines change hands many times.
    const ordered = [4, 3, 2, 1, 0].flatMap((n) => (names.includes(n ? `talkingphoto.log.${n}` : 'talkingphoto.log') ? lines(n ? `${file}.${n}` : file) : []));
    const handovers = ordered.filter((line, k) => k > 0 && (JSON.parse(line) as { writer: string }).writer !== (JSON.parse(ordered[k - 1]!) as { writer: string }).writer);
    expect(handovers.length).toBeGreaterThan(2);
  });
});
