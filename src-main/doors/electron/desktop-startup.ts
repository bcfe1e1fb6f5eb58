import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import type { Library } from '../../app/library/index.js';

/**
 * The order the desktop app starts in, with Electron's calls passed in so it runs (and is
 * tested) in plain Node. One copy of the app runs: the single-instance lock comes before
 * anything touches the library, because opening a library empties its tmp/ and requeues
 * its "running" jobs, which are the first copy's live renders. On Windows and Linux the
 * way back from Stripe Checkout (talkingphoto://…) launches a second copy exactly so.
 */
export interface DesktopStartupSteps<Services> {
  /** `app.requestSingleInstanceLock()`: false when another copy of the app runs. */
  requestSingleInstanceLock(): boolean;
  /** `app.quit()`: a second copy leaves, its arguments already handed to the first by Electron. */
  quit(): void;
  /**
   * What must happen before `ready` (sandbox, privileged schemes). Called before the first
   * await: in an ES module main, Electron may emit `ready` while main awaits.
   */
  prepareApp(): void;
  /** `app.on('second-instance')`: the argv of a later launch (deep links, files). */
  onSecondInstance(listener: (argv: readonly string[]) => void): void;
  /** The library's lease, a pending move, the library itself (claimLibrary). */
  claimLibrary(): Promise<Library>;
  createServices(library: Library): Services;
  /** A later launch's arguments, once the services exist. */
  openArguments(argv: readonly string[]): void;
  /** A sentence the creator must read before the app gives up (LIBRARY_IN_USE, LIBRARY_DAMAGED…). */
  refuse(message: string): void;
}

export interface DesktopStarted<Services> {
  library: Library;
  services: Services;
}

/**
 * Starts the app's main side; null when this copy is the second (it has quit) or could
 * not claim its library (the creator was told why). Anything else thrown is a bug.
 */
export async function startDesktop<Services>(steps: DesktopStartupSteps<Services>): Promise<DesktopStarted<Services> | null> {
  if (!steps.requestSingleInstanceLock()) {
    steps.quit();
    return null;
  }
  steps.prepareApp();
  // Launches that come while this one is still opening its library wait for it.
  let deliver: ((argv: readonly string[]) => void) | null = null;
  const waiting: Array<readonly string[]> = [];
  steps.onSecondInstance((argv) => (deliver ? deliver(argv) : waiting.push(argv)));

  let library: Library;
  try {
    library = await steps.claimLibrary();
  } catch (error) {
    if (!isTalkingPhotoError(error)) throw error;
    steps.refuse(error.message);
    return null;
  }
  const services = steps.createServices(library);
  deliver = (argv) => steps.openArguments(argv);
  for (const argv of waiting.splice(0)) deliver(argv);
  return { library, services };
}
