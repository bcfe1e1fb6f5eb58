import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mediaTools } from '../../src-main/engine/media/ffmpeg.js';
import { runCli } from '../support/cli.js';
import { fixture, tempDir } from '../support/fixtures.js';

/**
 * `tp render --duration SECONDS`: a script or recording clearly longer than the target
 * (over 15 % or 1 s) is refused before anything is rendered or counted, with the sentence
 * saying how much to cut and exit status 2 (BAD_OPTION).
 */

const work = tempDir('tp-duration-cli-');
afterAll(() => work.cleanup());

/** About 14 s of eSpeak English (46 words at 205 a minute). */
const LONG_SCRIPT = Array.from({ length: 46 }, (_, i) => (i % 7 === 6 ? 'shoe.' : 'running')).join(' ');

describe('tp render --duration', () => {
  it('refuses a script clearly too long for the target with how much to cut, and writes nothing', async () => {
    const out = path.join(work.dir, 'too-long');
    const result = await runCli(['render', '--photo', fixture('portrait-obama.jpg'), '--script', LONG_SCRIPT, '--duration', '10', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('About 14 s of speech for a 10 s video: cut about 14 words, or raise --duration (up to 60 s).');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a recording longer than the target the same way', async () => {
    const wav = path.join(work.dir, 'fourteen-seconds.wav');
    execFileSync(mediaTools().ffmpeg.path, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'aevalsrc=0.5*sin(2*PI*220*t)*gt(mod(t\\,0.4)\\,0.12):s=22050:d=14.2', wav]);
    const out = path.join(work.dir, 'recording');
    const result = await runCli(['render', '--photo', fixture('portrait-obama.jpg'), '--audio', wav, '--duration', '10', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('About 14 s of speech for a 10 s video: cut about 5 seconds from the recording, or raise --duration (up to 60 s).');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a target outside 1–60 s', async () => {
    const result = await runCli(['render', '--photo', fixture('portrait-obama.jpg'), '--script', 'Hello.', '--duration', '90', '--out', path.join(work.dir, 'x')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/The target duration must be a whole number of seconds from 1 to 60\. \(--duration 90\)/);
  });

  it('lets a script that fits, or is a little over, go on (a dry run, so nothing is rendered)', async () => {
    const fits = await runCli(['render', '--photo', fixture('portrait-obama.jpg'), '--script', LONG_SCRIPT, '--duration', '15', '--out', path.join(work.dir, 'fits'), '--route', 'local', '--dry-run']);
    expect(fits.code).toBe(0);
    expect(fits.stderr).not.toMatch(/of speech for a/);
    const near = await runCli(['render', '--photo', fixture('portrait-obama.jpg'), '--script', LONG_SCRIPT, '--duration', '13', '--out', path.join(work.dir, 'near'), '--route', 'local', '--dry-run']);
    expect(near.code).toBe(0);
    expect(near.stderr).toMatch(/About 14 s of speech for a 13 s video: cut about 4 words\. It is within 15 % of the target, so the video is made a little longer\./);
  });
});
