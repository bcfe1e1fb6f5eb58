import type { DesktopBridge } from '../../src-shared/desktop-api.js';
import { MEDIA_PROTOCOL_SCHEME } from '../../src-shared/content-security-policy.js';
import { ipcFail } from '../../src-shared/ipc/envelope.js';
import { encodeMediaPath, fetchMediaText, type Transport } from './transport.js';

/** The desktop window: the preload's bridge, and media through the app's own protocol. */
export class ElectronTransport implements Transport {
  readonly kind = 'electron';

  constructor(private readonly bridge: DesktopBridge) {}

  invoke: Transport['invoke'] = async (channel, ...args) => {
    try {
      return await this.bridge.invoke(channel, ...args);
    } catch (error) {
      // Only when main has no handler at all (an app half-updated); main never rejects otherwise.
      console.error(error);
      return ipcFail('UNEXPECTED', 'The app window lost touch with the app: restart it, and report it if it happens twice.');
    }
  };

  on: Transport['on'] = (event, listener) => this.bridge.on(event, listener);

  onDisconnect(): () => void {
    return () => undefined;
  }

  mediaUrl: Transport['mediaUrl'] = (ref) => `${MEDIA_PROTOCOL_SCHEME}://media/${encodeMediaPath(ref)}`;

  // Needs the media protocol registered with `supportFetchAPI` and `connect-src tp-media:` in
  // the window's policy; until main grants both, this answers FILE_UNREADABLE and the page
  // offers the file as a download instead.
  readText: Transport['readText'] = (ref) => fetchMediaText(this.mediaUrl(ref));
}
