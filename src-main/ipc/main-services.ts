import { MediaFolders } from '../media-access/media-access.js';
import { listVoices } from '../voice/voice-catalog.js';
import { createDispatcher, type Dispatcher, type HandlerMap } from './dispatcher.js';
import { engineStatus } from './engine-status.js';
import { EventHub } from './event-hub.js';
import type { Log } from './json-log.js';
import type { PlatformShell } from './platform-shell.js';
import { RenderService, type RenderProjectFn } from './render-service.js';

/**
 * Everything main offers a window, built once per process by whichever door runs it
 * (Electron main, the headless host, a test). The doors differ only in the shell they
 * pass and in how they carry requests and events; the handlers are these.
 */

export interface MainServicesOptions {
  shell: PlatformShell;
  appVersion: string;
  log: Log;
  renderProject?: RenderProjectFn;
}

export interface MainServices {
  dispatcher: Dispatcher;
  events: EventHub;
  /** What the media route or protocol may serve. */
  media: MediaFolders;
  renders: RenderService;
  /** Cancels what runs and waits for it; the door closes its transport afterwards. */
  shutdown(): Promise<void>;
}

export function createMainServices(options: MainServicesOptions): MainServices {
  const { shell, log } = options;
  const events = new EventHub(log);
  const media = new MediaFolders();
  const renders = new RenderService({ shell, events, media, log, renderProject: options.renderProject });

  const handlers: HandlerMap = {
    'engine:status': () => engineStatus({ shell, appVersion: options.appVersion, activeRenderId: renders.activeRenderId }),
    'voices:list': ({ language }) => ({ voices: listVoices(language) }),
    'render:start': (request) => renders.start(request),
    'render:cancel': ({ renderId }) => renders.cancel(renderId),
    'dialog:pickPhoto': async (_payload, sender) => ({ path: await shell.pickPhoto(sender) }),
    'dialog:pickOutputFolder': async (_payload, sender) => ({ path: await shell.pickOutputFolder(sender) }),
    'shell:showInFolder': async ({ renderId }) => {
      await shell.showInFolder(renders.videoOf(renderId));
      return {};
    },
  };

  return {
    dispatcher: createDispatcher({ handlers, log }),
    events,
    media,
    renders,
    shutdown: () => renders.shutdown(),
  };
}
