import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';
import { builtTpEntry, TP_SOURCE } from './built-engine.js';

describe('the bench’s compiled engine', () => {
  it('starts tp from the compiled twin of the CLI entry that exists in the source tree', () => {
    // The bench once looked for dist/bench/src-main/cli/tp.js after the CLI moved to doors/cli.
    expect(existsSync(path.join(REPO_ROOT, TP_SOURCE))).toBe(true);
    const outDir = path.join(REPO_ROOT, 'dist', 'bench');
    expect(path.relative(outDir, builtTpEntry(outDir))).toBe(path.join('src-main', 'doors', 'cli', 'tp.js'));
  });
});
