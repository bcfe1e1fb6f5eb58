import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { MEDIA_PROTOCOL_SCHEME } from '../../../src-shared/content-security-policy.js';
import type { Log } from '../../app/log/logger.js';
import type { MediaFolders } from '../../app/media-access/media-access.js';
import { fileResponse } from '../../app/media-access/media-response.js';

/**
 * `tp-media://media/<root>/<path>`: finished videos for the desktop window, looked up by
 * the same MediaFolders as the host's `/media/` route, so both refuse the same requests.
 * Byte ranges are answered here because Electron's own file loader ignores `Range`
 * and a `<video>` could then not seek.
 */

const HOST = 'media';

/** Must run before the app is ready. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_PROTOCOL_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } }]);
}

export function handleMediaProtocol(media: MediaFolders, log: Log): void {
  protocol.handle(MEDIA_PROTOCOL_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const url = new URL(request.url);
    if (url.host !== HOST) return new Response(null, { status: 404 });
    const found = await media.lookup(url.pathname.slice(1));
    if (!found.ok) {
      log.warn('refused a media request', { status: found.status, reason: found.reason });
      return new Response(null, { status: found.status });
    }
    const file = fileResponse(found.file, found.size, { range: request.headers.get('range') ?? undefined, head: request.method === 'HEAD' });
    const body = file.body ? (Readable.toWeb(file.body) as unknown as BodyInit) : null;
    return new Response(body, { status: file.status, headers: file.headers });
  });
}
