import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { build } from 'vite';
import { REPO_ROOT } from './fixtures.js';
import { startHostProcess, type HostProcess } from './host.js';

/**
 * The real renderer in Debian's Chromium against the headless host. `.ci/run` installs
 * chromium; elsewhere set CHROMIUM_PATH (`npx playwright install` cannot download here).
 * The renderer is built fresh beside the test, so a stale dist/ cannot pass or fail it.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `args` are extra Chromium switches, e.g. a fake microphone for the recorder's test. */
export async function startRendererInBrowser(workDir: string, env: Record<string, string> = {}, { args = [] }: { args?: readonly string[] } = {}): Promise<{ host: HostProcess; browser: Browser }> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH.`);
  const rendererDir = path.join(workDir, 'renderer');
  await build({ configFile: path.join(REPO_ROOT, 'vite.renderer.config.ts'), logLevel: 'silent', build: { outDir: rendererDir, emptyOutDir: true } });
  const [host, browser] = await Promise.all([
    startHostProcess({ TALKINGPHOTO_RENDERER_DIR: rendererDir, ...env }),
    chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', ...args] }),
  ]);
  return { host, browser };
}
