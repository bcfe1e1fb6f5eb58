/**
 * Where the app may reach its licensing service. The session token and passwords travel
 * to it, and the checkout links it answers with are opened in the browser, so it is
 * https, always in a packaged app; a development build or the CLI may also use plain
 * http on this machine (a service run with `npm run server`), nothing else.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** One sentence saying why the app will not use `url`, or undefined when it may. */
export function serviceUrlProblem(url: string, packaged: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The licensing service address (TALKINGPHOTO_LICENSE_URL) is not a web address: set it to an https:// address or remove it.';
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && !packaged && LOOPBACK_HOSTS.has(parsed.hostname)) return undefined;
  return packaged
    ? `TalkingPhoto reaches its licensing service only over https://, and ${parsed.host || url} is not an https:// address.`
    : `TalkingPhoto reaches its licensing service only over https:// (or http:// on this computer while developing), and ${parsed.protocol}//${parsed.host} is neither.`;
}
