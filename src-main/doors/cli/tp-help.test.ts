import { describe, expect, it } from 'vitest';
import { runCli } from '../../../tests/support/cli.js';

describe('tp render --help', () => {
  it('tells a creator with a recording that giving its words improves lip sync', async () => {
    const result = await runCli(['render', '--help']);
    expect(result.code).toBe(0);
    // Commander wraps long descriptions: compare with the line breaks folded.
    const help = result.stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/--transcript <text> with --audio: the words you say, for captions and post text; giving the words improves lip sync/);
  });

  it('offers --raw-voice to keep a recording as recorded, and refuses it without --audio with exit 2', async () => {
    const help = (await runCli(['render', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/--raw-voice with --audio: keep the recording as recorded \(no rumble filter, noise suppression or de-essing; still loudness-normalised\)/);
    const refused = await runCli(['render', '--photo', 'me.jpg', '--script', 'Hello there.', '--out', 'never-written', '--raw-voice']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--raw-voice keeps your own recording as recorded: it goes with --audio\./);
  });
});
