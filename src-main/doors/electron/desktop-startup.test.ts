import { describe, expect, it } from 'vitest';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import type { Library } from '../../app/library/index.js';
import { startDesktop, type DesktopStartupSteps } from './desktop-startup.js';

/** Electron's side played by a recorder: what main asked for, in order. */
function recordingApp(options: { firstCopy: boolean; claim?: () => Promise<Library> }) {
  const calls: string[] = [];
  const opened: Array<readonly string[]> = [];
  let secondInstance: ((argv: readonly string[]) => void) | undefined;
  const library = { dataDir: '/data' } as Library;
  const steps: DesktopStartupSteps<{ name: string }> = {
    requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), options.firstCopy),
    quit: () => void calls.push('quit'),
    prepareApp: () => void calls.push('prepareApp'),
    onSecondInstance: (listener) => {
      calls.push('onSecondInstance');
      secondInstance = listener;
    },
    claimLibrary: async () => {
      calls.push('claimLibrary');
      // A second launch arriving while the library opens (the Stripe return link, say).
      secondInstance?.(['/opt/TalkingPhoto/talkingphoto', 'talkingphoto://checkout/done?session=early']);
      return options.claim ? options.claim() : library;
    },
    createServices: (lib) => (calls.push(`createServices(${lib.dataDir})`), { name: 'services' }),
    openArguments: (argv) => void opened.push(argv),
    refuse: (message) => void calls.push(`refuse: ${message}`),
  };
  return { steps, calls, opened, library, launchAgain: (argv: string[]) => secondInstance?.(argv) };
}

describe('the desktop app’s start', () => {
  it('asks for the single-instance lock before anything touches the library', async () => {
    const app = recordingApp({ firstCopy: true });
    const started = await startDesktop(app.steps);
    expect(app.calls).toEqual(['requestSingleInstanceLock', 'prepareApp', 'onSecondInstance', 'claimLibrary', 'createServices(/data)']);
    expect(started).toEqual({ library: app.library, services: { name: 'services' } });
  });

  it('quits a second copy before it claims, moves or opens the library', async () => {
    const app = recordingApp({ firstCopy: false });
    expect(await startDesktop(app.steps)).toBeNull();
    expect(app.calls).toEqual(['requestSingleInstanceLock', 'quit']);
  });

  it('hands a later launch’s deep link to the first copy, once its services exist', async () => {
    const app = recordingApp({ firstCopy: true });
    await startDesktop(app.steps);
    // The link that came while the library was opening waited for the services.
    expect(app.opened).toEqual([['/opt/TalkingPhoto/talkingphoto', 'talkingphoto://checkout/done?session=early']]);
    app.launchAgain(['/opt/TalkingPhoto/talkingphoto', 'talkingphoto://checkout/done?session=later']);
    expect(app.opened.at(-1)).toEqual(['/opt/TalkingPhoto/talkingphoto', 'talkingphoto://checkout/done?session=later']);
  });

  it('tells the creator why when another process owns the library, and opens nothing', async () => {
    const sentence = 'The project library in /data is open in the TalkingPhoto host (npm run host), process 4242: close it first, then try again.';
    const app = recordingApp({ firstCopy: true, claim: () => Promise.reject(new TalkingPhotoError('LIBRARY_IN_USE', sentence)) });
    expect(await startDesktop(app.steps)).toBeNull();
    expect(app.calls).toEqual(['requestSingleInstanceLock', 'prepareApp', 'onSecondInstance', 'claimLibrary', `refuse: ${sentence}`]);
  });

  it('lets a bug surface as a bug, not as a sentence', async () => {
    const app = recordingApp({ firstCopy: true, claim: () => Promise.reject(new TypeError('x is undefined')) });
    await expect(startDesktop(app.steps)).rejects.toThrow(TypeError);
  });
});
