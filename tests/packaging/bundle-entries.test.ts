import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleEntries, BUNDLED_ENTRIES } from '../../scripts/build/bundle-entries.mjs';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import { REPO_ROOT, tempDir } from '../support/fixtures.js';

const temp = tempDir('tp-bundle-');
afterAll(temp.cleanup);

/** A compiled tree in miniature: an entry that reaches files beside other modules, as the engine's do. */
function compiledTree(name: string): string {
  const root = path.join(temp.dir, name);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write(
    'src-main/doors/cli/entry.js',
    "import { where, note } from '../../engine/voice/where.js';\nconst later = await import('../../app/queue/later.js');\nconsole.log(JSON.stringify({ where: where(), note: note(), later: later.answer }));\n",
  );
  write(
    'src-main/engine/voice/where.js',
    "import { readFileSync } from 'node:fs';\nimport { fileURLToPath } from 'node:url';\nexport const where = () => fileURLToPath(import.meta.url);\nexport const note = () => readFileSync(new URL('./note.txt', import.meta.url), 'utf8');\n",
  );
  write('src-main/engine/voice/note.txt', 'read beside its module');
  write('src-main/app/queue/later.js', 'export const answer = 42;\n');
  return root;
}

describe('the render entries bundled in place (scripts/build/bundle-entries.mjs)', () => {
  it('makes one file that runs without the modules it came from, each module still finding the files beside it', async () => {
    const root = compiledTree('ok');
    const [done] = await bundleEntries(root, ['src-main/doors/cli/entry.js']);
    expect(done?.modules).toBe(3);
    expect(existsSync(path.join(root, 'src-main/doors/cli/entry.js.map'))).toBe(true);
    // The inlined modules are gone; the file read at run time stays.
    rmSync(path.join(root, 'src-main/app'), { recursive: true });
    rmSync(path.join(root, 'src-main/engine/voice/where.js'));
    const run = await runProcess(process.execPath, [path.join(root, 'src-main/doors/cli/entry.js')]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.toString())).toEqual({ where: path.join(root, 'src-main/engine/voice/where.js'), note: 'read beside its module', later: 42 });
  });

  it('leaves an entry it cannot bundle as tsc wrote it, with nothing half-written beside it', async () => {
    const root = compiledTree('broken');
    const entry = path.join(root, 'src-main/doors/cli/entry.js');
    writeFileSync(path.join(root, 'src-main/app/queue/later.js'), 'export const answer = ;\n');
    const before = readFileSync(entry, 'utf8');
    await expect(bundleEntries(root, ['src-main/doors/cli/entry.js'])).rejects.toThrow(/later\.js/);
    expect(readFileSync(entry, 'utf8')).toBe(before);
    expect(existsSync(`${entry}.bundling`)).toBe(false);
  });

  it('bundles entries that exist in the source tree: the CLI and the desktop app’s render process', () => {
    for (const entry of BUNDLED_ENTRIES) expect(existsSync(path.join(REPO_ROOT, entry.replace(/\.js$/, '.ts')))).toBe(true);
  });
});
