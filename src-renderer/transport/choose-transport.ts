import type { DesktopBridge } from '../../src-shared/desktop-api.js';
import { ElectronTransport } from './electron-transport.js';
import type { Transport } from './transport.js';
import { WebSocketTransport } from './websocket-transport.js';

/**
 * `?token=` in the address means the page was opened from the headless host's printed
 * URL; otherwise the desktop window's preload bridge, if there is one. Neither: the page
 * was opened on its own (a file, a preview) and cannot reach the engine.
 */
export function chooseTransport(page: { location: Location; talkingPhoto?: DesktopBridge }): Transport | undefined {
  const token = new URLSearchParams(page.location.search).get('token');
  if (token) {
    const transport = new WebSocketTransport(page.location, token);
    void transport.connect().catch(() => undefined);
    return transport;
  }
  return page.talkingPhoto ? new ElectronTransport(page.talkingPhoto) : undefined;
}
