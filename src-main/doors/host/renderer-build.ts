import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Log } from '../../app/log/logger.js';
import { ChildProcessError, startProcess } from '../../engine/child/run-child.js';

/**
 * `npm run host` serves dist/renderer. A fresh clone has none, and after a pull it may be
 * older than the source: rather than a page telling the creator to run another command,
 * the host builds it (Vite, in a child process so the URL line comes first) and the page
 * reloads itself until the build is there.
 */

export type RendererBuildState = 'missing' | 'stale' | 'fresh';

export type RendererStatus = { state: 'ready' } | { state: 'building' } | { state: 'failed'; reason: string };

/** What the window is built from, relative to the app root. Tests never reach the bundle. */
export const RENDERER_SOURCES = ['src-renderer', 'src-shared', 'vite.renderer.config.ts', 'package-lock.json'];

function newestSourceMs(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(file, { withFileTypes: true })) {
    if (entry.isFile() && /\.test\.tsx?$/.test(entry.name)) continue;
    if (entry.isDirectory() || entry.isFile()) newest = Math.max(newest, newestSourceMs(path.join(file, entry.name)));
  }
  return newest;
}

export function rendererBuildState(appRoot: string, outDir: string): RendererBuildState {
  const index = path.join(outDir, 'index.html');
  if (!existsSync(index)) return 'missing';
  const built = statSync(index).mtimeMs;
  const newest = Math.max(...RENDERER_SOURCES.map((source) => newestSourceMs(path.join(appRoot, source))));
  return newest > built ? 'stale' : 'fresh';
}

/** Builds into a sibling folder and swaps it in, so a failed build never leaves half a window. */
function buildRenderer(appRoot: string, outDir: string, log: Log): Promise<void> {
  const vite = path.join(appRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) return Promise.reject(new Error('Vite is not installed here: run `npm ci` (with dev dependencies) in the app folder.'));
  const building = `${outDir}.building-${process.pid}`;
  const started = Date.now();
  const build = startProcess(process.execPath, [vite, 'build', '--config', path.join(appRoot, 'vite.renderer.config.ts'), '--outDir', building, '--emptyOutDir', '--logLevel', 'warn'], {
    name: 'vite',
    cwd: appRoot,
    stdout: 'stream',
    stderrTailChars: 4000,
    onStderr: (text) => void process.stderr.write(text),
  });
  // stdout is the host's URL line and nothing else: Vite's output goes to stderr.
  build.stdout?.pipe(process.stderr, { end: false });
  return build.done.then(
    () => {
      const old = `${outDir}.old-${process.pid}`;
      if (existsSync(outDir)) renameSync(outDir, old);
      renameSync(building, outDir);
      rmSync(old, { recursive: true, force: true });
      log.info('built the window', { outDir, ms: Date.now() - started });
    },
    (error: unknown) => {
      rmSync(building, { recursive: true, force: true });
      // Vite's last line says why; the runner's message names the exit when it said nothing.
      const last = error instanceof ChildProcessError ? error.stderrTail.trim().split('\n').filter(Boolean).pop() : undefined;
      throw last ? new Error(last) : error;
    },
  );
}

/** Starts a build when the window is missing or older than its source; reports where it is. */
export function ensureRendererBuilt(appRoot: string, outDir: string, log: Log): () => RendererStatus {
  const state = rendererBuildState(appRoot, outDir);
  if (state === 'fresh') return () => ({ state: 'ready' });
  log.info(state === 'missing' ? 'the window is not built yet: building it' : 'the window is older than its source: rebuilding it', { outDir });
  let status: RendererStatus = { state: 'building' };
  buildRenderer(appRoot, outDir, log).then(
    () => (status = { state: 'ready' }),
    (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      log.error('building the window failed', { reason });
      status = { state: 'failed', reason };
    },
  );
  return () => status;
}
