import path from 'node:path';
import type { Preferences } from '../../../src-shared/preferences.js';
import { loadFormDraft } from '../drafts/form-draft.js';
import { PhotoDrafts } from '../drafts/photo-drafts.js';
import { RecordingDrafts } from '../drafts/recording-drafts.js';
import { dataFolder, openLibrary, type Library } from '../library/index.js';
import { MediaFolders } from '../media-access/media-access.js';
import { RenderQueue } from '../queue/render-queue.js';
import { listSystemVoices } from '../../engine/voice/system-voices/index.js';
import { voiceChoices } from '../../engine/voice/voice-catalog.js';
import { VoicePreviews } from '../../engine/voice/voice-preview.js';
import { creatorHandlers } from './creator-service.js';
import { createDispatcher, type Dispatcher, type HandlerMap } from './dispatcher.js';
import { engineStatus } from './engine-status.js';
import { diagnosticsHandlers } from './diagnostics-service.js';
import { watchDailySpend } from '../diagnostics/spend-watch.js';
import { EventHub } from './event-hub.js';
import { describeError, type Log } from '../log/logger.js';
import type { PlatformShell } from './platform-shell.js';
import { libraryHandlers } from './library-service.js';
import { motionPreviewHandlers, MotionPreviews } from './motion-preview.js';
import { readLicense } from '../licensing/license.js';
import { settingsHandlers } from './settings-service.js';
import { accountService } from './account-service.js';
import { AccountClient } from '../licensing/account-client.js';
import { estimateProviderCost, providersHandlers } from './providers-service.js';
import { makeAdapter } from '../../cloud/providers/adapters/index.js';
import { ProviderKeys } from '../../cloud/providers/provider-keys.js';
import { systemKeychain } from '../secrets/secret-store.js';
import { updateHandlers, updatesOff, type AppUpdates } from './update-service.js';

/**
 * Everything main offers a window, built once per process by whichever door runs it
 * (Electron main, the headless host, a test). The doors differ only in the shell they
 * pass and in how they carry requests and events; the handlers are these.
 */

export interface MainServicesOptions {
  shell: PlatformShell;
  appVersion: string;
  log: Log;
  /**
   * The open library; by default the one the data folder (TALKINGPHOTO_DATA_DIR or the
   * OS's) points at. The door runs `applyPendingMove()` before, where a move waits.
   */
  library?: Library;
  /** The data folder holding the library's location; the given library's own folder by default. */
  home?: string;
  /** The creator's API keys; the OS keychain (and TALKINGPHOTO_<PROVIDER>_API_KEY) by default. */
  providerKeys?: ProviderKeys;
  /** The licensing service's client; TALKINGPHOTO_LICENSE_URL with the keychain by default. */
  accountClient?: AccountClient;
  /** The app's own updates (the desktop app's electron-updater); off, with the reason, by default. */
  updates?: AppUpdates;
  /** Hears the creator's preferences each time a change is saved. */
  onPreferences?: (preferences: Preferences) => void;
}

export interface MainServices {
  dispatcher: Dispatcher;
  events: EventHub;
  /** What the media route or protocol may serve. */
  media: MediaFolders;
  library: Library;
  queue: RenderQueue;
  /** A `talkingphoto://` link from the OS (or the host's /deep-link route). */
  handleDeepLink(url: string): Promise<boolean>;
  /** Cancels what runs and waits for it; the door closes its transport afterwards. */
  shutdown(): Promise<void>;
}

export function createMainServices(options: MainServicesOptions): MainServices {
  const { shell, log } = options;
  const events = new EventHub(log);
  const media = new MediaFolders();
  const library = options.library ?? openLibrary();
  const queue = new RenderQueue({ library });
  // Picks up whatever a crash or a quit left queued or running.
  void queue.start();
  const drafts = new PhotoDrafts(library.paths.drafts);
  // Recordings wait in the same folder as photos, so one sweep ages both out.
  const recordings = new RecordingDrafts(library.paths.drafts);
  const previews = new VoicePreviews(path.join(library.paths.cache, 'voice-previews'));
  // The Create form's motion previews: rendered like the queue's renders, kept outside the library.
  const motionPreviews = new MotionPreviews({
    folder: path.join(library.paths.cache, 'motion-previews'),
    drafts,
    recordings,
    media,
    watermark: () => readLicense(library).watermark,
  });
  // Start-up housekeeping, off the request path: old Create-form photos and voice clips.
  const saved = loadFormDraft(library)?.draft;
  void drafts
    .sweep({ keep: [saved?.photoToken, saved?.recordingToken].filter((t): t is string => t !== undefined) })
    .then(() => previews.sweep())
    .then(() => motionPreviews.sweep())
    .catch((error: unknown) => log.warn('sweeping drafts failed', { error: describeError(error) }));

  // SPEC §2's 80 % alert in the log, as queued renders spend; the window asks diagnostics:spend.
  watchDailySpend({ library, queue, log });
  const providerKeys = options.providerKeys ?? new ProviderKeys(systemKeychain());
  const account = accountService({ library, client: options.accountClient ?? new AccountClient(), shell, events, log });
  const handlers: HandlerMap = {
    'engine:status': () => engineStatus({ shell, appVersion: options.appVersion }),
    'voices:list': async ({ language }) => ({
      voices: voiceChoices(await listSystemVoices({ onError: (error) => log.warn('listing the computer voices failed', { error: describeError(error) }) }), language),
    }),
    'dialog:pickPhoto': async (_payload, sender) => ({ path: await shell.pickPhoto(sender) }),
    ...libraryHandlers(library, queue, shell, events, media, drafts, recordings, (input) => estimateProviderCost({ library, keys: providerKeys }, input), {
      accountRecord: () => account.accountRecord(),
      log,
    }),
    ...creatorHandlers({ library, shell, media, drafts, previews, recordings }),
    ...motionPreviewHandlers(motionPreviews),
    ...settingsHandlers(library, shell, options.home ?? (options.library ? library.dataDir : dataFolder()), options.onPreferences),
    ...account.handlers,
    ...updateHandlers(options.updates ?? updatesOff(options.appVersion, 'This copy has no installer to update: update the desktop app, or pull and rebuild this one.'), events),
    ...diagnosticsHandlers({ library, shell, media, appVersion: options.appVersion, home: options.home ?? (options.library ? library.dataDir : dataFolder()) }),
    ...providersHandlers({ library, keys: providerKeys, makeAdapter, keychainAvailable: options.providerKeys !== undefined || systemKeychain() !== null }),
  };

  return {
    dispatcher: createDispatcher({ handlers, log, dataFolder: library.dataDir }),
    events,
    media,
    library,
    queue,
    handleDeepLink: (url) => account.handleDeepLink(url),
    shutdown: async () => {
      // Running jobs stay queued in the library and resume at the next start; a preview just stops.
      motionPreviews.cancel();
      await queue.stop();
      if (!options.library) library.close();
    },
  };
}
