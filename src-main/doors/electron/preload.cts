/**
 * Preload for the sandboxed window. A `.cts` file: tsc emits `preload.cjs` beside `main.js`,
 * because a sandboxed preload runs as a classic CommonJS-style script (no ESM) and may only
 * `require('electron')` and a few polyfilled modules. That is why this file imports nothing
 * at run time except `electron`: the contract comes in as types only.
 *
 * It forwards any channel name to main unchanged; main's dispatcher is what refuses
 * unknown channels and malformed payloads, the same way it does for the host's socket.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DesktopBridge, ElectronBridgeChannels } from '../../../src-shared/desktop-api.js';

const INVOKE: ElectronBridgeChannels['invoke'] = 'talkingphoto:invoke';
const EVENT: ElectronBridgeChannels['event'] = 'talkingphoto:event';

const listeners = new Map<string, Set<(payload: unknown) => void>>();

// The renderer gets the payload only, never the IPC event (it carries `sender`).
ipcRenderer.on(EVENT, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const invoke: DesktopBridge['invoke'] = (channel, ...args) => ipcRenderer.invoke(INVOKE, channel, args[0]);

const on: DesktopBridge['on'] = (event, listener) => {
  const wrapped = listener as (payload: unknown) => void;
  const set = listeners.get(event) ?? new Set();
  listeners.set(event, set);
  set.add(wrapped);
  return () => {
    set.delete(wrapped);
  };
};

const talkingPhoto: DesktopBridge = { invoke, on };

contextBridge.exposeInMainWorld('talkingPhoto', talkingPhoto);
