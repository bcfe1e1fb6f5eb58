import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, crashReporter, dialog, ipcMain, Menu, nativeTheme, safeStorage, screen, session, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../../src-shared/content-security-policy.js';
import { DEEP_LINK_SCHEME } from '../../../src-shared/licensing.js';
import type { ElectronBridgeChannels } from '../../../src-shared/desktop-api.js';
import type { SenderContext } from '../../app/ipc/dispatcher.js';
import { describeError } from '../../app/log/logger.js';
import { openProcessLog } from '../../app/log/process-log.js';
import { startCrashReporting, type CrashReporting } from '../../app/log/crash-reports.js';
import { readPreferences } from '../../app/library/preferences.js';
import { createMainServices, type MainServices } from '../../app/ipc/main-services.js';
import { claimLibrary, dataFolder } from '../../app/library/index.js';
import { setPackagedApp } from '../../app/licensing/license.js';
import { SafeStorageSecretStore } from '../../app/secrets/safe-storage-store.js';
import { useFallbackSecretStore } from '../../app/secrets/secret-store.js';
import { DesktopShell } from './desktop-shell.js';
import { startDesktop } from './desktop-startup.js';
import { handleMediaProtocol, registerMediaScheme } from './media-protocol.js';
import { runChildrenAsUtilityProcesses } from './desktop-children.js';
import { mainWindowPreferences } from './window-preferences.js';
import { applicationMenu } from './app-menu.js';
import { checkFromMenu, desktopUpdates } from './desktop-updates.js';
import { MIN_WINDOW, restoreWindow, trackWindowState, WINDOW_STATE_KEY, type SavedWindow, type WindowStateStore } from './window-state.js';

/**
 * The thin Electron shell around the engine: one sandboxed window, a strict CSP, and the
 * two IPC channels that carry the contract (src-shared/ipc) to the same dispatcher the
 * headless host uses. Everything the app does happens in src-main/app/ipc and the engine.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
/** tsc turns `preload.cts` into `preload.cjs` beside this file. */
const PRELOAD = path.join(here, 'preload.cjs');
const rendererIndex = (): string => path.join(app.getAppPath(), 'dist', 'renderer', 'index.html');
const BRIDGE: ElectronBridgeChannels = { invoke: 'talkingphoto:invoke', event: 'talkingphoto:event' };

runChildrenAsUtilityProcesses();

const dataDir = process.env.TALKINGPHOTO_DATA_DIR ? path.resolve(process.env.TALKINGPHOTO_DATA_DIR) : undefined;
// Must happen before `ready`; tests and portable installs point the whole app at their own folder.
// Before the single-instance lock too: Electron keys that lock on userData.
if (dataDir) app.setPath('userData', dataDir);
// The data folder's logs/talkingphoto.log (made at the first line, so a second copy that
// only quits leaves no trace); a development run also shows the lines on its terminal.
const log = openProcessLog({ process: 'main', ...(app.isPackaged ? {} : { echo: 'json' as const }) }).child({ module: 'electron/main' });
// Started by the copy that runs, first thing, so a crash during start-up leaves its
// minidump too; uploading waits for the creator's own choice, read once the library is open.
let crashReports: CrashReporting | undefined;

let mainWindow: BrowserWindow | null = null;
// Only the copy that runs on has services; a second copy quits and never opens a window.
let services!: MainServices;
// The app's own updates (desktop-updates.ts); made with the services, checked once the window is up.
let updates: ReturnType<typeof desktopUpdates> | undefined;
// talkingphoto:// links (the way back from Stripe Checkout) come to this app.
const DEEP_LINK_PREFIX = `${DEEP_LINK_SCHEME}://`;
// One copy runs, and it asks first: a second launch (a link, a file) hands its argv to the
// first and quits before it touches the library (desktop-startup.ts says why).
const started = await startDesktop<MainServices>({
  requestSingleInstanceLock: () => app.requestSingleInstanceLock(),
  quit: () => app.quit(),
  prepareApp: () => {
    crashReports = startCrashReporting({ reporter: crashReporter, setCrashDumpsPath: (folder) => app.setPath('crashDumps', folder), appVersion: app.getVersion(), log });
    app.enableSandbox();
    // A packaged app checks plans only with the key it ships (license.ts).
    setPackagedApp(app.isPackaged);
    registerMediaScheme();
    // Where keytar could not load, keys and the sign-in are kept encrypted by safeStorage instead.
    useFallbackSecretStore(new SafeStorageSecretStore(path.join(app.getPath('userData'), 'secrets.json'), safeStorage));
  },
  onSecondInstance: (listener) => app.on('second-instance', (_event, argv) => listener(argv)),
  claimLibrary: async () => {
    const { library, location } = await claimLibrary({ holder: 'app' });
    if (location.problem) log.warn('library move failed', { problem: location.problem });
    return library;
  },
  createServices: (library) => {
    crashReports?.setUpload(readPreferences(library).uploadCrashReports);
    updates = desktopUpdates({ log: log.child({ module: 'electron/updates' }), queue: () => services.queue });
    return (services = createMainServices({
      updates,
      shell: new DesktopShell(() => mainWindow),
      appVersion: app.getVersion(),
      log,
      library,
      home: dataFolder(),
      onPreferences: (preferences) => crashReports?.setUpload(preferences.uploadCrashReports),
    }));
  },
  openArguments: (argv) => {
    openDeepLink(argv.find((arg) => arg.startsWith(DEEP_LINK_PREFIX)));
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  },
  refuse: (message) => {
    log.warn('the library could not be opened', { message });
    // Callable before `ready` (Electron's docs): the creator reads why before the app leaves.
    dialog.showErrorBox('TalkingPhoto cannot open your library', message);
    app.exit(1);
  },
});

function samePath(a: string, b: string): boolean {
  const norm = (p: string): string => (process.platform === 'win32' ? path.resolve(p).toLowerCase() : path.resolve(p));
  return norm(a) === norm(b);
}

/** True only for the top frame of our window showing our own index.html. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!mainWindow || mainWindow.isDestroyed() || !frame || event.sender !== mainWindow.webContents) return false;
  const top = mainWindow.webContents.mainFrame;
  if (frame.parent !== null || frame.processId !== top.processId || frame.routingId !== top.routingId) return false;
  return isOwnPage(frame.url);
}

/** True for a URL of our own index.html. */
function isOwnPage(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' && samePath(fileURLToPath(parsed), rendererIndex());
  } catch {
    return false;
  }
}

/** Our window's top frame showing our own page: the only place the microphone is offered. */
function isOwnWindowPage(contents: WebContents | null, url: string | undefined, isMainFrame: boolean): boolean {
  return contents !== null && mainWindow !== null && !mainWindow.isDestroyed() && contents === mainWindow.webContents && isMainFrame && isOwnPage(url);
}

function registerIpc(): void {
  ipcMain.handle(BRIDGE.invoke, (event, channel: unknown, payload: unknown) => {
    const sender: SenderContext = { transport: 'electron', id: `window-${event.sender.id}`, trusted: isTrustedSender(event) };
    if (!sender.trusted) log.warn('IPC from an untrusted frame', { url: event.senderFrame?.url });
    return services.dispatcher.dispatch(channel, payload, sender);
  });
  services.events.subscribe((event, payload) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(BRIDGE.event, event, payload);
  });
}

function applySessionPolicy(): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // The microphone alone, for the Create screen's recorder, and only for our own page: no
  // camera (a request for audio and video is refused whole), notifications, geolocation…
  ses.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const types = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    const microphoneOnly = permission === 'media' && types.length > 0 && types.every((type) => type === 'audio');
    callback(microphoneOnly && isOwnWindowPage(webContents, details.requestingUrl, details.isMainFrame));
  });
  ses.setPermissionCheckHandler(
    (webContents, permission, _origin, details) => permission === 'media' && details.mediaType === 'audio' && isOwnWindowPage(webContents, details.requestingUrl, details.isMainFrame),
  );
}

/** electron-store's window-state.json in userData: where the window was, read at each opening. */
let windowStore: WindowStateStore | undefined;

/**
 * Imported once the app is ready rather than at the top: electron-store imports electron
 * itself, past the stand-in main-startup.test.ts gives this file.
 */
async function openWindowStore(): Promise<WindowStateStore> {
  const { default: Store } = await import('electron-store');
  // A damaged file only loses the window's place: start afresh rather than refuse to open.
  const store = new Store<{ [WINDOW_STATE_KEY]: SavedWindow }>({ name: 'window-state', clearInvalidConfig: true });
  return { get: (key) => store.get(key), set: (key, value) => store.set(key, value) };
}

function createWindow(): void {
  const store = windowStore;
  const restored = restoreWindow(store?.get(WINDOW_STATE_KEY), screen.getAllDisplays(), screen.getPrimaryDisplay());
  const window = new BrowserWindow({
    ...restored.bounds,
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    show: false,
    title: 'TalkingPhoto',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#17171a' : '#ffffff',
    webPreferences: mainWindowPreferences({ preload: PRELOAD, packaged: app.isPackaged }),
  });
  mainWindow = window;
  window.once('ready-to-show', () => {
    if (restored.maximized) window.maximize();
    window.show();
  });
  if (store) trackWindowState(window, store);
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
    // No window is left to hear about it: stop the render rather than finish it unseen.
    void services.shutdown();
  });
  void window.loadFile(rendererIndex());
}

// Every web contents, present and future: no navigation away, no new windows, no webviews.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

if (started) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
function openDeepLink(url: string | undefined): void {
  if (!url?.startsWith(DEEP_LINK_PREFIX)) return;
  void services.handleDeepLink(url).catch((error: unknown) => log.warn('deep link failed', { error: describeError(error) }));
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
}
// macOS delivers links as an event; Windows and Linux start a second instance with the
// link in its argv, which reaches openArguments above through 'second-instance'.
app.on('open-url', (event, url) => {
  event.preventDefault();
  if (started) openDeepLink(url);
});

// A crashed window or utility process leaves a minidump (crash-reports.ts) and this line,
// which says which process it was and why, for the diagnostics bundle.
app.on('render-process-gone', (_event, _contents, details) => log.error('window process gone', { reason: details.reason, exitCode: details.exitCode }));
app.on('child-process-gone', (_event, details) =>
  log.error('child process gone', { type: details.type, name: details.name ?? details.serviceName, reason: details.reason, exitCode: details.exitCode }),
);

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) createWindow();
});

if (started) {
  app
    .whenReady()
    .then(async () => {
      windowStore = await openWindowStore();
      applySessionPolicy();
      handleMediaProtocol(services.media, log);
      registerIpc();
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(applicationMenu({ platform: process.platform, productName: app.name, checkForUpdates: () => void (updates && checkFromMenu(updates, mainWindow)) })),
      );
      createWindow();
      updates?.start();
      // Launched by a link (Windows, Linux): it is in our own argv.
      openDeepLink(process.argv.find((arg) => arg.startsWith(DEEP_LINK_PREFIX)));
      log.info('started', { userData: app.getPath('userData') });
    })
    .catch((error: unknown) => {
      log.error('failed to start', { error: describeError(error) });
      app.exit(1);
    });
}
