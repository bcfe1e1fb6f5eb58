import type { EventChannel, EventPayload, PayloadArgs, RequestChannel, ResponseValue } from '../../src-shared/ipc/contract.js';
import { ipcFail, ipcOk, type IpcResponse } from '../../src-shared/ipc/envelope.js';
import type { MediaRef } from '../../src-shared/ipc/media-ref.js';

/**
 * How the window reaches main: Electron IPC through the preload's `window.talkingPhoto`,
 * or the headless host's WebSocket. Both carry the same contract; the store talks to
 * this interface and cannot tell them apart.
 */
export interface Transport {
  readonly kind: 'electron' | 'websocket';
  /** Resolves with the contract's envelope; transport failures come back as `UNEXPECTED`, never as a rejection. */
  invoke<C extends RequestChannel>(channel: C, ...args: PayloadArgs<C>): Promise<IpcResponse<ResponseValue<C>>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Called when main can no longer be reached (the host stopped); Electron never calls it. */
  onDisconnect(listener: () => void): () => void;
  /** A URL this page can load a file a render shared. */
  mediaUrl(ref: MediaRef): string;
  /** The text of a shared file (an export kit's captions, post text, guides); failures come back as the envelope's error. */
  readText(ref: MediaRef): Promise<IpcResponse<string>>;
}

/** An export kit's text files are a few kilobytes; one far larger is not a file the kit wrote. */
export const MAX_MEDIA_TEXT_CHARS = 1_000_000;

/** Reads a shared text file from the URL its transport gives it, as UTF-8; never rejects. */
export async function fetchMediaText(url: string): Promise<IpcResponse<string>> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    return ipcFail('FILE_UNREADABLE', 'This file could not be read here: download it to open it.');
  }
  if (response.status === 404) return ipcFail('FILE_NOT_FOUND', 'This file is no longer in your library: render the project again to make it.');
  if (!response.ok) return ipcFail('FILE_UNREADABLE', 'This file could not be read here: download it to open it.');
  const text = await response.text().catch(() => null);
  if (text === null) return ipcFail('FILE_UNREADABLE', 'This file could not be read here: download it to open it.');
  if (text.length > MAX_MEDIA_TEXT_CHARS) return ipcFail('FILE_TOO_LARGE', 'This file is too large to show here: download it to open it.');
  return ipcOk(text);
}

/** Each segment encoded on its own, so a `/` in the relative path stays a separator. */
export function encodeMediaPath(ref: MediaRef): string {
  return [ref.root, ...ref.path.split('/')].map(encodeURIComponent).join('/');
}
