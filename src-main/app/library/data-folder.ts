import os from 'node:os';
import path from 'node:path';

/**
 * Where the creator's library lives. Computed in plain Node (not Electron's
 * `app.getPath`) so the CLI, the headless host, the tests and the desktop app all agree on
 * one folder. `TALKINGPHOTO_DATA_DIR` overrides it: tests, the host and portable installs
 * point the whole app at their own folder.
 */
export const APP_FOLDER_NAME = 'TalkingPhoto';

export interface DataFolderContext {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

export function dataFolder(context: DataFolderContext = {}): string {
  const env = context.env ?? process.env;
  const platform = context.platform ?? process.platform;
  const home = context.home ?? os.homedir();
  const override = env.TALKINGPHOTO_DATA_DIR?.trim();
  if (override) return path.resolve(override);
  // Each OS's own convention for per-user application data that is not a cache: the
  // XDG Base Directory spec on Linux/BSD, Apple's File System Programming Guide on macOS,
  // the roaming AppData folder on Windows.
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
    case 'win32':
      return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
    default: {
      // XDG says a relative $XDG_DATA_HOME is invalid and must be ignored.
      const xdg = env.XDG_DATA_HOME;
      const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.local', 'share');
      return path.join(base, APP_FOLDER_NAME);
    }
  }
}

/** Everything the library keeps inside its data folder. */
export interface LibraryPaths {
  dataDir: string;
  database: string;
  /** Content-addressed originals: `assets/ab/cd/<sha256>.<ext>`. */
  assets: string;
  /** Thumbnails and previews made from assets, same fan-out as `assets/`. */
  derived: string;
  /** Files being written before their rename into place; emptied on open. */
  tmp: string;
  backups: string;
  /**
   * Photos imported into the Create form but not (yet) made into a project, one folder
   * each; kept across restarts for the form's autosave, swept after a week.
   */
  drafts: string;
  /** Files made again on demand (voice previews); anything in it may go at any time. */
  cache: string;
}

export const DATABASE_FILE = 'library.db';

export function libraryPaths(dataDir: string): LibraryPaths {
  return {
    dataDir,
    database: path.join(dataDir, DATABASE_FILE),
    assets: path.join(dataDir, 'assets'),
    derived: path.join(dataDir, 'derived'),
    tmp: path.join(dataDir, 'tmp'),
    backups: path.join(dataDir, 'backups'),
    drafts: path.join(dataDir, 'drafts'),
    cache: path.join(dataDir, 'cache'),
  };
}
