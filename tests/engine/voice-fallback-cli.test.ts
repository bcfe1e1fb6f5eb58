import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RenderReport } from '../../src-shared/report.js';
import { runCli } from '../support/cli.js';
import { fixture, tempDir } from '../support/fixtures.js';

/**
 * Issue 16: a computer voice that is gone (uninstalled since it was chosen) falls back to
 * the built-in voice, and the creator reads why in the command's own output, not only in
 * report.json.
 */

const work = tempDir('tp-voice-fallback-');
afterAll(() => work.cleanup());

describe('a chosen computer voice that is gone', () => {
  it('renders with the built-in voice and says so in the summary and in report.json', async () => {
    const out = path.join(work.dir, 'out');
    const result = await runCli(
      [
        'render',
        '--photo',
        fixture('portrait-biden-tall.jpg'),
        '--script',
        'Hello there, see you soon.',
        '--voice',
        'system:linux:espeak-ng:Uninstalled Voice',
        '--out',
        out,
        '--size',
        '256x448',
        '--no-verify',
      ],
      { env: { TALKINGPHOTO_DATA_DIR: path.join(work.dir, 'data') } },
    );
    expect(result.code, result.stderr).toBe(0);
    const sentence = 'The voice "Uninstalled Voice" is no longer on this computer, so the built-in voice "English (US), male" spoke instead.';
    expect(result.stdout.split('\n')).toContain(`Voice: ${sentence}`);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RenderReport;
    expect(report.tools.tts).toMatchObject({ name: 'espeak-ng', voice: 'en-us', fallback: sentence });
  }, 180_000);
});
