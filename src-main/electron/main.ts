import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  nativeTheme,
  session,
  shell,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import type { DesktopError, DesktopEventChannels, DesktopInvokeChannel, DesktopInvokeChannels, RenderOutcome } from '../../src-shared/desktop-api.js';
import { isTalkingPhotoError } from '../../src-shared/errors.js';
import { RenderRequestSchema, type RenderProgress, type ResolvedRenderRequest } from '../../src-shared/render.js';

/**
 * The thin Electron shell around the engine: one sandboxed window, a strict CSP, and the
 * IPC handlers behind `window.talkingPhoto`. Everything the app does happens in
 * `renderProject`, the same call the CLI makes.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
/** tsc turns `preload.cts` into `preload.cjs` beside this file. */
const PRELOAD = path.join(here, 'preload.cjs');
const rendererIndex = (): string => path.join(app.getAppPath(), 'dist', 'renderer', 'index.html');

/** Same policy as the meta tag in src-renderer/index.html; the header also covers frame-ancestors. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // React sets `style` attributes; no style comes from outside the app.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  // The finished video plays from a blob: URL the renderer makes from the bytes main sends.
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PHOTO_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'heic', 'heif', 'avif'];

function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  // One JSON line per event until the shared logger lands; stderr is kept by the launcher.
  console.error(JSON.stringify({ time: new Date().toISOString(), level, module: 'electron/main', msg, ...fields }));
}

const dataDir = process.env.TALKINGPHOTO_DATA_DIR ? path.resolve(process.env.TALKINGPHOTO_DATA_DIR) : undefined;
// Must happen before `ready`; tests and portable installs point the whole app at their own folder.
if (dataDir) app.setPath('userData', dataDir);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
let running: AbortController | null = null;
/** Only a finished render's video may be revealed or read back; the renderer never names a path. */
let lastVideoPath: string | null = null;
/**
 * Paths the creator chose in our own dialogs. A render may read and write only these, so a
 * compromised page cannot point the engine at other files or folders.
 */
const pickedPhotos = new Set<string>();
const pickedFolders = new Set<string>();

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
  try {
    const url = new URL(frame.url);
    return url.protocol === 'file:' && samePath(fileURLToPath(url), rendererIndex());
  } catch {
    return false;
  }
}

function handle<C extends DesktopInvokeChannel>(
  channel: C,
  handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<DesktopInvokeChannels[C]['result']>,
): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]) => {
    if (!isTrustedSender(event)) {
      log('warn', 'refused IPC from an untrusted frame', { channel, url: event.senderFrame?.url });
      throw new Error('refused');
    }
    return handler(event, ...args);
  });
}

function send<C extends keyof DesktopEventChannels>(target: WebContents, channel: C, payload: DesktopEventChannels[C]): void {
  if (!target.isDestroyed()) target.send(channel, payload);
}

function refusal(code: DesktopError['code'], message: string): RenderOutcome {
  return { ok: false, error: { code, message } };
}

function checkRequest(payload: unknown): { request: ResolvedRenderRequest } | { refused: RenderOutcome } {
  const parsed = RenderRequestSchema.safeParse(payload);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? `The ${first.path.join('.')} option` : 'The render request';
    return { refused: refusal('BAD_OPTION', `${where} is not valid (${first?.message ?? 'unknown problem'}): check the value and try again.`) };
  }
  const request = parsed.data;
  if (![...pickedPhotos].some((p) => samePath(p, request.photoPath))) {
    return { refused: refusal('BAD_OPTION', 'Choose the photo with the "Choose photo" button, then try again.') };
  }
  if (![...pickedFolders].some((p) => samePath(p, request.outDir))) {
    return { refused: refusal('BAD_OPTION', 'Choose where to save the video with the "Choose folder" button, then try again.') };
  }
  if (request.audioPath !== undefined) {
    return { refused: refusal('BAD_OPTION', 'Recordings are not supported in this window yet: type a script instead.') };
  }
  return { request };
}

async function startRender(event: IpcMainInvokeEvent, payload: unknown): Promise<RenderOutcome> {
  if (running) return refusal('RENDER_BUSY', 'A video is already being made: wait for it to finish or cancel it first.');
  const checked = checkRequest(payload);
  if ('refused' in checked) return checked.refused;
  const { request } = checked;

  const controller = new AbortController();
  running = controller;
  lastVideoPath = null;
  const target = event.sender;
  // The engine may report every frame; the window needs a message only when the whole percent moves.
  let lastSent = '';
  const onProgress = (progress: RenderProgress): void => {
    const key = `${progress.stage}:${Math.floor(progress.percent)}`;
    if (key === lastSent) return;
    lastSent = key;
    send(target, 'render:progress', { stage: progress.stage, percent: progress.percent, message: progress.message });
  };
  try {
    // Loaded on first use: the engine pulls in sharp and the face model, which would delay the window.
    const { renderProject } = await import('../pipeline/render-project.js');
    const report = await renderProject(request, { onProgress, signal: controller.signal });
    lastVideoPath = path.join(path.resolve(request.outDir), report.files.video);
    return { ok: true, report };
  } catch (error) {
    if (isTalkingPhotoError(error)) {
      log('info', 'render refused', { code: error.code, detail: error.detail });
      return refusal(error.code, error.message);
    }
    log('error', 'render crashed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return refusal('UNEXPECTED', 'Something went wrong while making the video: try again, and report it if it happens twice.');
  } finally {
    if (running === controller) running = null;
  }
}

function registerIpc(): void {
  handle('render:start', (event, payload) => startRender(event, payload));
  handle('render:cancel', async () => {
    running?.abort();
  });
  handle('dialog:pickPhoto', async () => {
    if (!mainWindow) return null;
    const result = await dialog.showOpenDialog(mainWindow, {
      title: 'Choose a portrait photo',
      properties: ['openFile'],
      filters: [{ name: 'Photos', extensions: PHOTO_EXTENSIONS }],
    });
    const chosen = result.canceled ? undefined : result.filePaths[0];
    if (!chosen) return null;
    pickedPhotos.add(chosen);
    return chosen;
  });
  handle('dialog:pickOutputFolder', async () => {
    if (!mainWindow) return null;
    const result = await dialog.showOpenDialog(mainWindow, {
      title: 'Choose where to save the video',
      properties: ['openDirectory', 'createDirectory'],
    });
    const chosen = result.canceled ? undefined : result.filePaths[0];
    if (!chosen) return null;
    pickedFolders.add(chosen);
    return chosen;
  });
  handle('shell:showInFolder', async () => {
    if (lastVideoPath) shell.showItemInFolder(lastVideoPath);
  });
  handle('video:lastVideo', async () => {
    if (!lastVideoPath) return null;
    try {
      const bytes = await readFile(lastVideoPath);
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      // Moved or deleted since the render finished: the renderer says so in words.
      log('warn', 'finished video could not be read back', { error: error instanceof Error ? error.message : String(error) });
      return null;
    }
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
  // No camera, microphone, notifications, geolocation… the app asks for nothing.
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 560,
    show: false,
    title: 'TalkingPhoto',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#17171a' : '#ffffff',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      // Local-first: on Linux Chromium's spellchecker fetches its dictionaries from Google.
      spellcheck: false,
    },
  });
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
    running?.abort();
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

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) createWindow();
});

app
  .whenReady()
  .then(() => {
    applySessionPolicy();
    registerIpc();
    createWindow();
    log('info', 'started', { userData: app.getPath('userData') });
  })
  .catch((error: unknown) => {
    log('error', 'failed to start', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    app.exit(1);
  });
