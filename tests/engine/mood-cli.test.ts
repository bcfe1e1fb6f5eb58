import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { REPO_ROOT, tempDir } from '../support/fixtures.js';

const work = tempDir('tp-mood-cli-');
afterAll(() => work.cleanup());

const PHOTO = path.join(REPO_ROOT, 'resources/samples/portrait.jpg');

describe('tp render --mood', () => {
  it('refuses a mood it does not know with one sentence naming the three, and makes nothing', async () => {
    const out = path.join(work.dir, 'happy');
    const result = await runCli(['render', '--photo', PHOTO, '--script', 'Hello.', '--out', out, '--mood', 'happy']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/use one of neutral, warm, serious/);
    expect(existsSync(path.join(out, 'video.mp4'))).toBe(false);
  });

  it('renders with the mood asked for and reports it', async () => {
    const out = path.join(work.dir, 'warm');
    const result = await runCli(['render', '--photo', PHOTO, '--script', 'Hello there.', '--out', out, '--size', '288x512', '--no-verify', '--mood', 'Warm']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { motion: { mood: string } };
    expect(report.motion.mood).toBe('warm');
  }, 120_000);
});
