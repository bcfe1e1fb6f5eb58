import { describe, expect, it } from 'vitest';
import { runCli } from '../../tests/support/cli.js';

describe('tp render --help', () => {
  it('tells a creator with a recording that giving its words improves lip sync', async () => {
    const result = await runCli(['render', '--help']);
    expect(result.code).toBe(0);
    // Commander wraps long descriptions: compare with the line breaks folded.
    const help = result.stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/--transcript <text> with --audio: the words you say, for captions and post text; giving the words improves lip sync/);
  });
});
