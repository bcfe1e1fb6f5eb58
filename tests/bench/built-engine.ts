/**
 * The engine as the desktop app's render processes run it: compiled by tsc into
 * dist/bench, two folders below the repository as dist/main is, so the built modules
 * find resources/ where they look for it in a build, and its render entries bundled as
 * `npm run build:main` bundles them (scripts/build/bundle-entries.mjs). `npm run bench`
 * measures `tp` from there unless told `--tsx`.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import { bundleEntries } from '../../scripts/build/bundle-entries.mjs';

/** `tp`'s source entry, relative to the repository: the compiled entry is named after it, so a move of the CLI moves both. */
export const TP_SOURCE = path.join('src-main', 'doors', 'cli', 'tp.ts');

/** Where tsc writes `tp`'s entry when the engine is compiled into `outDir`. */
export function builtTpEntry(outDir: string): string {
  return path.join(outDir, TP_SOURCE.replace(/\.ts$/, '.js'));
}

/** Compiles the engine into `root`/dist/bench, bundles its render entries, and returns `tp`'s entry. */
export async function buildEngine(root: string): Promise<string> {
  const outDir = path.join(root, 'dist', 'bench');
  rmSync(outDir, { recursive: true, force: true });
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await runProcess(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.main.json'), '--outDir', outDir]);
  const entry = builtTpEntry(outDir);
  // Type errors still emit: a tree mid-edit is measured, and says so.
  if (!existsSync(entry)) throw new Error(`the engine did not build: ${result.stdout.toString().slice(-2000)}`);
  if (result.code !== 0) console.log(`(the build reported type errors; measured what it emitted)`);
  await bundleEntries(outDir);
  return entry;
}
