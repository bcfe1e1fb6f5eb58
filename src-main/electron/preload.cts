/**
 * Preload for the sandboxed window. A `.cts` file: tsc emits `preload.cjs` beside `main.js`,
 * because a sandboxed preload runs as a classic CommonJS-style script (no ESM) and may only
 * `require('electron')` and a few polyfilled modules. That is why this file imports nothing
 * at run time except `electron`: the shared contract comes in as types only, and the
 * channel names below are checked against it.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  DesktopApi,
  DesktopEventChannel,
  DesktopEventChannels,
  DesktopInvokeChannel,
  DesktopInvokeChannels,
} from '../../src-shared/desktop-api.js';

function invoke<C extends DesktopInvokeChannel>(
  channel: C,
  ...args: DesktopInvokeChannels[C]['args']
): Promise<DesktopInvokeChannels[C]['result']> {
  return ipcRenderer.invoke(channel, ...args) as Promise<DesktopInvokeChannels[C]['result']>;
}

function subscribe<C extends DesktopEventChannel>(channel: C, listener: (payload: DesktopEventChannels[C]) => void): () => void {
  // The renderer gets the payload only, never the IPC event (it carries `sender`).
  const wrapped = (_event: IpcRendererEvent, payload: DesktopEventChannels[C]): void => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const talkingPhoto: DesktopApi = {
  render: (request) => invoke('render:start', request),
  cancel: () => invoke('render:cancel'),
  pickPhoto: () => invoke('dialog:pickPhoto'),
  pickOutputFolder: () => invoke('dialog:pickOutputFolder'),
  showInFolder: () => invoke('shell:showInFolder'),
  lastVideo: () => invoke('video:lastVideo'),
  onProgress: (listener) => subscribe('render:progress', listener),
};

contextBridge.exposeInMainWorld('talkingPhoto', talkingPhoto);
