import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { parseByteRange } from './byte-range.js';

/**
 * Status, headers and body stream for a file a lookup allowed, independent of the
 * server: the host pipes the stream into its HTTP response, Electron's protocol handler
 * wraps it in a web `Response`.
 */

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.wav': 'audio/wav',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.json': 'application/json; charset=utf-8',
  // Export kit files (projects:media): a <track> loads captions only when served as text/vtt.
  '.vtt': 'text/vtt; charset=utf-8',
  '.srt': 'application/x-subrip; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.zip': 'application/zip',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface FileResponse {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  /** Absent for HEAD and for 416. */
  body: Readable | undefined;
}

export function fileResponse(file: string, size: number, options: { range?: string; head?: boolean } = {}): FileResponse {
  const type = contentType(file);
  const range = parseByteRange(options.range, size);
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { 'Content-Range': `bytes */${size}`, 'Accept-Ranges': 'bytes' }, body: undefined };
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const headers: Record<string, string> = {
    'Content-Type': type,
    'Content-Length': String(Math.max(0, end - start + 1)),
    'Accept-Ranges': 'bytes',
  };
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  const body = options.head || size === 0 ? undefined : createReadStream(file, { start, end });
  return { status: range ? 206 : 200, headers, body };
}
