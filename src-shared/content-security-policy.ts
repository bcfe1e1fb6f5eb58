/**
 * The window's Content-Security-Policy, sent as a header by Electron main (for the
 * desktop window) and by the headless host (for its page). src-renderer/index.html
 * repeats it in a meta tag, less `frame-ancestors`, which only works as a header;
 * tests/ipc/content-security-policy.test.ts keeps the two equal.
 */

/** The desktop app's media protocol scheme (src-main/doors/electron/media-protocol.ts). */
export const MEDIA_PROTOCOL_SCHEME = 'tp-media';

export const CONTENT_SECURITY_POLICY_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  // React sets `style` attributes; no style comes from outside the app.
  "style-src 'self' 'unsafe-inline'",
  // Photos, covers and thumbnails: same-origin /media/ on the host, the media protocol in the desktop app.
  `img-src 'self' data: blob: ${MEDIA_PROTOCOL_SCHEME}:`,
  // Finished videos: the host serves them same-origin under /media/, the desktop app through its protocol.
  `media-src 'self' blob: ${MEDIA_PROTOCOL_SCHEME}:`,
  // 'self' covers the host's own ws:// endpoint (CSP Level 3 matches ws: to http: of the same host and port);
  // the desktop app reads kit texts (captions, post text, guides) through its media protocol.
  `connect-src 'self' ${MEDIA_PROTOCOL_SCHEME}:`,
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
] as const;

export const CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY_DIRECTIVES.join('; ');
