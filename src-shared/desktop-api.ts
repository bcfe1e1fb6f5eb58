import type { ErrorCode } from './errors.js';
import type { RenderProgress, RenderRequest } from './render.js';
import type { RenderReport } from './report.js';

/**
 * The one object the preload exposes to the renderer as `window.talkingPhoto`. The renderer
 * never sees `ipcRenderer`; main validates every payload it receives, whatever this type says.
 */
export interface DesktopApi {
  /** Starts a render; one at a time. Resolves when it finishes, fails or is cancelled. */
  render(request: RenderRequest): Promise<RenderOutcome>;
  /** Cancels the running render, if any; its `render` call then resolves with `CANCELLED`. */
  cancel(): Promise<void>;
  /** Opens the native file dialog; the chosen photo's path, or null when dismissed. */
  pickPhoto(): Promise<string | null>;
  /** Opens the native folder dialog; the chosen folder, or null when dismissed. */
  pickOutputFolder(): Promise<string | null>;
  /** Reveals the last finished render's video in the system file manager. */
  showInFolder(): Promise<void>;
  /** The last finished render's video bytes (MP4), or null when there is none. */
  lastVideo(): Promise<Uint8Array | null>;
  /** Calls `listener` with each progress update of the running render; returns an unsubscribe. */
  onProgress(listener: (progress: RenderProgress) => void): () => void;
}

/** Codes only the desktop shell produces, beside the engine's own `ErrorCode`s. */
export type DesktopErrorCode =
  | ErrorCode
  /** A render is already running; the shell makes one at a time. */
  | 'RENDER_BUSY'
  /** A bug: the sentence says "something went wrong", the log keeps the stack. */
  | 'UNEXPECTED';

/** What a creator is shown: a stable code and one sentence, never a stack trace. */
export interface DesktopError {
  code: DesktopErrorCode;
  message: string;
}

export type RenderOutcome = { ok: true; report: RenderReport } | { ok: false; error: DesktopError };

/**
 * Every IPC channel between preload and main, declared once; both sides are checked
 * against this map. `args` is what the renderer sends, `result` what main answers.
 */
export interface DesktopInvokeChannels {
  'render:start': { args: [request: RenderRequest]; result: RenderOutcome };
  'render:cancel': { args: []; result: void };
  'dialog:pickPhoto': { args: []; result: string | null };
  'dialog:pickOutputFolder': { args: []; result: string | null };
  'shell:showInFolder': { args: []; result: void };
  'video:lastVideo': { args: []; result: Uint8Array | null };
}
export type DesktopInvokeChannel = keyof DesktopInvokeChannels;

/** Messages main sends to the window. */
export interface DesktopEventChannels {
  'render:progress': RenderProgress;
}
export type DesktopEventChannel = keyof DesktopEventChannels;
