import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../../../tests/support/fixtures.js';
import { readBatchFile } from './batch-csv.js';

const work = tempDir('batch-csv-');
afterAll(() => work.cleanup());

function csv(name: string, lines: string[]): string {
  const file = path.join(work.dir, name);
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('tp batch motion columns', () => {
  it('reads expressiveness, head_motion, blink_rate and mood per row, leaving empty cells to the flags and the engine', async () => {
    const photo = fixture('portrait-obama.jpg');
    const rows = await readBatchFile(
      csv('motion.csv', [
        'photo,script,expressiveness,head_motion,blink_rate,mood',
        `${photo},"Calm and still.",0.5,0,12,serious`,
        `${photo},"Lively.",1.8,2,30,Warm`,
        `${photo},"Only the mood.",,,,warm`,
        `${photo},"Nothing chosen.",,,,`,
      ]),
    );
    expect(rows.map((r) => [r.row, r.problem, r.motion])).toEqual([
      [2, undefined, { expressiveness: 0.5, headMotion: 0, blinkRate: 12, mood: 'serious' }],
      [3, undefined, { expressiveness: 1.8, headMotion: 2, blinkRate: 30, mood: 'warm' }],
      [4, undefined, { mood: 'warm' }],
      [5, undefined, undefined],
    ]);
    expect(rows.every((r) => r.project?.photoPath === photo)).toBe(true);
  });

  it('takes the flags’ spelling as a header too: head-motion, Blink-Rate, "head motion"', async () => {
    const photo = fixture('portrait-obama.jpg');
    const dashed = await readBatchFile(csv('dashed.csv', ['Photo,Script,Head-Motion,Blink-Rate', `${photo},"Hi.",0,20`]));
    expect(dashed[0]!.motion).toEqual({ headMotion: 0, blinkRate: 20 });
    const spaced = await readBatchFile(csv('spaced.csv', ['photo,script,head motion', `${photo},"Hi.",1.5`]));
    expect(spaced[0]!.motion).toEqual({ headMotion: 1.5 });
  });

  it('refuses a bad value with one sentence naming the row and the column, and the other rows go on', async () => {
    const photo = fixture('portrait-obama.jpg');
    const rows = await readBatchFile(
      csv('bad.csv', [
        'photo,script,expressiveness,head_motion,blink_rate,mood',
        `${photo},"Fine.",1,1,16,neutral`,
        `${photo},"Too much head.",1,lots,16,neutral`,
        `${photo},"Over the range.",2.5,,,`,
        `${photo},"Negative blinks.",,,-3,`,
        `${photo},"Happy is not a mood here.",,,,happy`,
        `${photo},"Hex is not a number.",,0x1,,`,
      ]),
    );
    expect(rows[0]!.problem).toBeUndefined();
    expect(rows.slice(1).map((r) => r.problem)).toEqual([
      'Row 3, column head_motion: "lots" is not a number from 0 (still head) to 2 (lively), 1 being natural.',
      'Row 4, column expressiveness: "2.5" is not a number from 0 (lips barely move) to 2 (exaggerated), 1 being natural.',
      'Row 5, column blink_rate: "-3" is not a number of blinks a minute from 0 to 60 (people blink 10 to 25 times a minute).',
      'Row 6, column mood: "happy" is not a mood: use neutral, warm or serious.',
      'Row 7, column head_motion: "0x1" is not a number from 0 (still head) to 2 (lively), 1 being natural.',
    ]);
    expect(rows.slice(1).every((r) => r.project === undefined)).toBe(true);
  });

  it('names the motion columns among the known ones when the header is missing', async () => {
    await expect(readBatchFile(csv('no-header.csv', ['script,title', '"Hi.",Hello']))).rejects.toThrow(/known columns: .*expressiveness, head_motion, blink_rate, mood/);
  });
});
