import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src-main/app/library/index.js';
import { projectsThisMonth } from '../../src-main/app/licensing/license.js';
import { fixture, REPO_ROOT, tempDir } from '../support/fixtures.js';

const work = tempDir('tp-cancel-');
afterAll(() => work.cleanup());

/** Every running process whose command line mentions `needle` (Linux /proc). */
function processesMentioning(needle: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('cancelling a render', () => {
  it('stops ffmpeg, exits 130 and leaves nothing behind when interrupted mid-animation', async () => {
    const out = path.join(work.dir, 'cancelled-render');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(REPO_ROOT, 'src-main/doors/cli/tp.ts'),
        'render',
        '--photo',
        fixture('portrait-obama.jpg'),
        '--script',
        'This is a long enough sentence to still be animating when the creator changes their mind and presses cancel. '.repeat(4),
        '--out',
        out,
        '--size',
        '720x1280',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let sentInterrupt = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!sentInterrupt && stderr.includes('Animating the face')) {
        sentInterrupt = true;
        setTimeout(() => child.kill('SIGINT'), 700);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(sentInterrupt).toBe(true);
    expect(code).toBe(130);
    expect(stderr).toMatch(/Cancelled: nothing was written/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work.dir).filter((f) => f.includes('tp-staging'))).toEqual([]);
    // The encoder wrote into the staging folder beside `out`: no ffmpeg may still hold it.
    expect(processesMentioning('cancelled-render.tp-staging')).toEqual([]);
    // A cancelled video was not made: it does not count against the month's plan.
    const library = openLibrary({ dataDir: process.env.TALKINGPHOTO_DATA_DIR! });
    try {
      expect(projectsThisMonth(library)).toBe(0);
    } finally {
      library.close();
    }
  });
});
