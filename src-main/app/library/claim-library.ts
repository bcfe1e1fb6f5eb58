import path from 'node:path';
import { dataFolder } from './data-folder.js';
import { acquireLibraryLease, type LibraryHolderKind } from './library-lease.js';
import { libraryFolder, type LibraryLocationState } from './library-location.js';
import { applyPendingMove } from './library-move.js';
import { openLibrary, type Library } from './open-library.js';

export interface ClaimLibraryOptions {
  /** The data folder holding the library's location; `dataFolder()` by default. */
  home?: string;
  /** What this process is, for the sentence a second opener gets. */
  holder: LibraryHolderKind;
  /** The creator chose to begin again after a damaged library was set aside. */
  startFresh?: boolean;
}

export interface ClaimedLibrary {
  library: Library;
  /** Where the library is now; `problem` says why a waiting move did not happen. */
  location: LibraryLocationState;
}

/**
 * How a long-running front door (the app, the host) takes its library: the lease first,
 * so a second process is refused before it moves, sweeps or requeues anything; then a
 * move the creator asked for in Settings; then the library itself, owned.
 */
export async function claimLibrary(options: ClaimLibraryOptions): Promise<ClaimedLibrary> {
  const home = options.home ?? dataFolder();
  let lease = acquireLibraryLease(libraryFolder(home), options.holder);
  try {
    const location = await applyPendingMove(home);
    if (path.resolve(location.folder) !== lease.folder) {
      // Moved: the new folder is taken before the old one is let go.
      const moved = acquireLibraryLease(location.folder, options.holder);
      lease.release();
      lease = moved;
    }
    return { library: openLibrary({ dataDir: location.folder, startFresh: options.startFresh, lease, holder: options.holder }), location };
  } catch (error) {
    lease.release();
    throw error;
  }
}
