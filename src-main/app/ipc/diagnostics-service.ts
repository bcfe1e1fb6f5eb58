import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileStamp } from '../library/library-damage.js';
import type { Library } from '../library/open-library.js';
import type { MediaFolders } from '../media-access/media-access.js';
import { writeDiagnosticsBundle } from '../diagnostics/diagnostics-bundle.js';
import { diagnosticsOverview } from '../diagnostics/diagnostics-overview.js';
import { readSpend } from '../diagnostics/library-figures.js';
import type { HandlerMap } from './dispatcher.js';
import type { PlatformShell } from './platform-shell.js';

type DiagnosticsChannel = 'diagnostics:overview' | 'diagnostics:spend' | 'diagnostics:saveBundle';

/** Where the host leaves bundles for its page to download; only the newest few are kept. */
const HOST_BUNDLES = 'diagnostics';
const KEPT_HOST_BUNDLES = 3;

export interface DiagnosticsServiceOptions {
  library: Library;
  shell: PlatformShell;
  media: MediaFolders;
  appVersion: string;
  /** The data folder holding `logs/` (the library may have been moved elsewhere). */
  home: string;
}

async function pruneOldBundles(folder: string): Promise<void> {
  const names = (await readdir(folder)).filter((n) => n.endsWith('.zip')).sort();
  for (const name of names.slice(0, Math.max(0, names.length - KEPT_HOST_BUNDLES))) await rm(path.join(folder, name), { force: true });
}

export function diagnosticsHandlers(options: DiagnosticsServiceOptions): Pick<HandlerMap, DiagnosticsChannel> {
  const { library, shell, media } = options;
  const bundleOptions = () => ({ dataDir: options.home, library: { library }, appVersion: options.appVersion, frontDoor: shell.frontDoor });
  return {
    'diagnostics:overview': () => diagnosticsOverview(library),
    'diagnostics:spend': () => readSpend(library),
    'diagnostics:saveBundle': async (_payload, sender) => {
      const name = `talkingphoto-diagnostics-${fileStamp()}.zip`;
      if (shell.capabilities.nativeDialogs) {
        const file = await shell.chooseExportFile(sender, undefined, { title: 'Save diagnostics bundle', defaultName: name });
        if (!file) return { file: null, download: null, bytes: 0, entries: [] };
        const written = await writeDiagnosticsBundle(file, bundleOptions());
        // Shown where it was saved, ready to drag into a bug report (as a saved kit is).
        if (shell.capabilities.showInFolder) await shell.showInFolder(written.file);
        return { file: written.file, download: null, bytes: written.bytes, entries: written.entries };
      }
      // A browser tab cannot be handed a path: the bundle goes to the library's cache and the page downloads it.
      const folder = path.join(library.paths.cache, HOST_BUNDLES);
      await mkdir(folder, { recursive: true });
      const written = await writeDiagnosticsBundle(path.join(folder, name), bundleOptions());
      await pruneOldBundles(folder);
      const relative = path.relative(library.dataDir, written.file).split(path.sep).join('/');
      const root = await media.allow(library.dataDir, { only: [relative] });
      return { file: null, download: { root, path: relative }, bytes: written.bytes, entries: written.entries };
    },
  };
}
