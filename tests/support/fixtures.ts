import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared fixtures live beside the checkout (`../shared/fixtures`), also in CI. */
export const FIXTURES_DIR = process.env.TALKINGPHOTO_FIXTURES ?? path.resolve(REPO_ROOT, '../shared/fixtures');

export const FIXTURE_NAMES = ['portrait-obama.jpg', 'portrait-biden-tall.jpg', 'two-faces.jpg', 'partial-face-at-edge.jpg', 'rgba-speaker.png', 'low-res-240p.jpg'] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

export function fixture(name: FixtureName): string {
  const file = path.join(FIXTURES_DIR, name);
  if (!existsSync(file)) throw new Error(`fixture ${file} is missing: the shared fixtures must sit beside the checkout`);
  return file;
}

/** A fresh temp folder removed by the returned cleanup. */
export function tempDir(prefix = 'tp-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
