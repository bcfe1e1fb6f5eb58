import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { build } from 'vite';
import { REPO_ROOT } from './fixtures.js';
import { startHostProcess, type HostProcess } from './host.js';

/**
 * The real renderer in Debian's Chromium against the headless host. `.ci/run` installs
 * chromium; elsewhere set CHROMIUM_PATH (`npx playwright install` cannot download here).
 * The renderer is built from the sources as they are now (rendererBuild), so a stale
 * dist/ cannot pass or fail it.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Everything the renderer's bundle is made from: its sources, the shared contracts, the build's settings and the dependencies' locked versions. */
const BUILD_INPUTS = ['src-renderer', 'src-shared', 'vite.renderer.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json'];

function filesUnder(relative: string): string[] {
  const full = path.join(REPO_ROOT, relative);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full)
    .sort()
    .flatMap((name) => filesUnder(path.join(relative, name)));
}

/** A digest of every build input's path and bytes: any edit to what the bundle is made from changes it. */
function buildInputsDigest(): string {
  const hash = createHash('sha256');
  for (const file of BUILD_INPUTS.flatMap(filesUnder))
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(REPO_ROOT, file)))
      .update('\0');
  return hash.digest('hex').slice(0, 20);
}

/**
 * The renderer bundle for the sources as they are now, built once and shared by every
 * browser test file of a run instead of once per file (a build costs 3–4 CPU-seconds, six
 * files use it). The folder is named by the digest of everything the build reads, so an
 * edited source gets its own fresh build and an old bundle is never served. Two files
 * building at once each build into their own staging folder and the first to finish
 * renames it into place; the host only reads the bundle.
 */
export async function rendererBuild(): Promise<string> {
  const dir = path.join(os.tmpdir(), `tp-renderer-build-${buildInputsDigest()}`);
  if (existsSync(path.join(dir, 'index.html'))) return dir;
  const staging = mkdtempSync(`${dir}-staging-`);
  try {
    await build({ configFile: path.join(REPO_ROOT, 'vite.renderer.config.ts'), logLevel: 'silent', build: { outDir: staging, emptyOutDir: true } });
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another file of the run finished the same build first: theirs is the same bundle.
      if (!existsSync(path.join(dir, 'index.html'))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

/** `args` are extra Chromium switches, e.g. a fake microphone for the recorder's test. */
export async function startRendererInBrowser(env: Record<string, string> = {}, { args = [] }: { args?: readonly string[] } = {}): Promise<{ host: HostProcess; browser: Browser }> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH.`);
  const [rendererDir, browser] = await Promise.all([
    rendererBuild(),
    chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', ...args] }),
  ]);
  const host = await startHostProcess({ TALKINGPHOTO_RENDERER_DIR: rendererDir, ...env });
  return { host, browser };
}
