import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to the host. It listens on 127.0.0.1 only, but any web page the creator
 * opens can still make their browser send requests there, so:
 *
 * - Host must name 127.0.0.1 or localhost with our port. A DNS-rebinding page reaches
 *   us under its own name (`evil.example:PORT`), which this refuses.
 * - Origin, when present, must be our own page. Browsers always send it on WebSocket
 *   upgrades and cross-origin requests; non-browser clients may omit it, and they still
 *   need the token.
 * - The WebSocket and media require the session token, compared in constant time.
 */

function allowedOrigins(port: number): { hosts: Set<string>; origins: Set<string> } {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return { hosts, origins: new Set([...hosts].map((host) => `http://${host}`)) };
}

export function hostAndOriginAllowed(request: IncomingMessage, port: number): boolean {
  const { hosts, origins } = allowedOrigins(port);
  const host = request.headers.host?.toLowerCase();
  if (!host || !hosts.has(host)) return false;
  const origin = request.headers.origin;
  return origin === undefined || origins.has(origin.toLowerCase());
}

export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // timingSafeEqual needs equal lengths; the token's length is no secret.
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The path and query of a request URL, parsed against a fixed base so the Host header plays no part. */
export function requestTarget(request: IncomingMessage): { rawPath: string; query: URLSearchParams } {
  const raw = request.url ?? '/';
  const q = raw.indexOf('?');
  const rawPath = q === -1 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
  return { rawPath, query };
}
