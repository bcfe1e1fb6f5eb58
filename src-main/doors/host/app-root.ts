import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout (or installed app) folder: the nearest package.json named "talkingphoto"
 * above this file. The host runs from source under tsx (src-main/doors/host) and from the
 * build (dist/main/src-main/doors/host); both find the same root and so the same dist/renderer.
 */
export function findAppRoot(from = path.dirname(fileURLToPath(import.meta.url))): { root: string; version: string } {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown; version?: unknown };
      if (parsed.name === 'talkingphoto') return { root: dir, version: typeof parsed.version === 'string' ? parsed.version : '0.0.0' };
    }
    if (path.dirname(dir) === dir) throw new Error(`no talkingphoto package.json above ${from}`);
  }
}
