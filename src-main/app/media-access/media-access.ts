import { randomBytes } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { resolveInside, splitRelativeUrlPath, type SafeLookup } from './safe-path.js';

interface AllowedFolder {
  real: string;
  /** Relative paths (`/`-separated) that may be read; null: anything inside. */
  only: Set<string> | null;
}

/**
 * The folders a page may read media from, each under an opaque id, and the lookup that
 * maps `<id>/<path>` to a file inside one of them. The host's `/media/` route uses it
 * today; the desktop app's media protocol (and later the library's) can use the same
 * object, so both doors refuse exactly the same requests.
 *
 * Ids are random, not derived from the path: a URL never reveals where the creator keeps
 * their files, and an id cannot be guessed to reach a folder nobody allowed.
 */
export class MediaFolders {
  private readonly roots = new Map<string, AllowedFolder>();
  private readonly idsByFolder = new Map<string, string>();

  /**
   * Allows reading files under `folder` (resolved once, now) and returns its id; the
   * same folder keeps its id. `only` narrows it to those files: a render's output folder
   * is one the creator chose and may hold anything, so a render shares just what it wrote.
   */
  async allow(folder: string, options: { only?: readonly string[] } = {}): Promise<string> {
    const real = await realpath(folder);
    const known = this.idsByFolder.get(real);
    const entry = known === undefined ? undefined : this.roots.get(known);
    if (known !== undefined && entry) {
      if (entry.only && options.only) for (const file of options.only) entry.only.add(file);
      else entry.only = null;
      return known;
    }
    // 96 bits: far beyond guessing, and short enough for a URL.
    const id = randomBytes(12).toString('base64url');
    this.roots.set(id, { real, only: options.only ? new Set(options.only) : null });
    this.idsByFolder.set(real, id);
    return id;
  }

  /** The real path of an allowed folder, or undefined. */
  folder(id: string): string | undefined {
    return this.roots.get(id)?.real;
  }

  /**
   * `raw` is the URL path after the media prefix, still percent-encoded:
   * `<id>/<segment>/…`. Unknown ids answer 404 so they reveal nothing.
   */
  async lookup(raw: string): Promise<SafeLookup> {
    const slash = raw.indexOf('/');
    if (slash <= 0) return { ok: false, status: 404, reason: 'no folder id' };
    const id = raw.slice(0, slash);
    // The id is decoded like any segment, so `%2e%2e/...` in its place is refused the same way.
    const idCheck = splitRelativeUrlPath(id);
    if (!idCheck.ok) return idCheck;
    const root = this.roots.get(idCheck.segments[0] ?? '');
    if (root === undefined) return { ok: false, status: 404, reason: 'unknown folder id' };
    const rest = raw.slice(slash + 1);
    if (root.only) {
      const split = splitRelativeUrlPath(rest);
      if (!split.ok) return split;
      if (!root.only.has(split.segments.join('/'))) return { ok: false, status: 404, reason: 'not a shared file' };
    }
    return resolveInside(root.real, rest);
  }
}
