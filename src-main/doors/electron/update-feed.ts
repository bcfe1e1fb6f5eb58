/**
 * Where the desktop app's updates come from and what is checked before one installs.
 *
 * The feed is set once, in electron-builder.yml's `publish:` block (a generic HTTPS
 * folder). electron-builder writes that block into the installed app as
 * `resources/app-update.yml`, which electron-updater reads; the feed itself is the
 * `latest*.yml` files electron-builder writes beside the installers, uploaded with them.
 * A generic feed rather than GitHub Releases: the repository is private, and a private
 * GitHub feed would need a token inside every installed copy; GitHub's unauthenticated API
 * also allows 60 requests an hour per address, which an office behind one NAT exhausts.
 */

/** The feed file electron-updater reads on each OS (electron-builder's names). */
export function feedFileName(platform: NodeJS.Platform, arch: string): string {
  if (platform === 'win32') return 'latest.yml';
  if (platform === 'darwin') return 'latest-mac.yml';
  return arch === 'x64' ? 'latest-linux.yml' : `latest-linux-${arch}.yml`;
}

/**
 * What must hold before an update installs, per OS. electron-updater checks the sha512 the
 * feed names for every download (a mismatch deletes the file); the rest is the OS's own.
 */
export const UPDATE_CHECKS: Record<'darwin' | 'win32' | 'linux', readonly string[]> = {
  darwin: [
    'the zip’s sha512 against latest-mac.yml',
    'Squirrel.Mac (Electron’s autoUpdater) installs it only when the new app’s code signature satisfies the running app’s designated requirement: same Apple Developer team',
  ],
  win32: [
    'the installer’s sha512 against latest.yml',
    'its Authenticode signature is valid and its publisher is app-update.yml’s publisherName (taken from the signing certificate at build time); an unsigned build has no publisherName, so nothing beyond the sha512 is checked',
  ],
  linux: [
    'the AppImage’s or .deb’s sha512 against latest-linux.yml',
    'no signature: an AppImage replaces itself; a .deb is installed with dpkg through pkexec, which asks for the administrator password',
  ],
};

/**
 * Why this copy does not update itself, or null when it may. `packageType` is the
 * `resources/package-type` file electron-builder writes into a .deb; `appImage` the
 * APPIMAGE variable an AppImage runs with.
 */
export function updatesOffReason(input: { packaged: boolean; platform: NodeJS.Platform; env: NodeJS.ProcessEnv; packageType: string | null }): string | null {
  if (!input.packaged) return 'Updates are off in a development build: install a release to get them.';
  if (input.env.TALKINGPHOTO_UPDATES === 'off') return 'Updates are turned off on this computer (TALKINGPHOTO_UPDATES=off).';
  if (input.platform === 'linux' && !input.env.APPIMAGE && input.packageType !== 'deb') {
    return 'This copy was not installed from the AppImage or the .deb package, so it cannot update itself: install the latest version from the website.';
  }
  return null;
}

/** electron-updater's error codes, in the creator's words; the log keeps the code and message. */
export function updateFailureSentence(error: Error): string {
  const code = (error as { code?: unknown }).code;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (code === 'ERR_CHECKSUM_MISMATCH' || /sha512 checksum mismatch/i.test(error.message)) {
    return 'The downloaded update did not match its published checksum, so it was deleted: TalkingPhoto tries again later.';
  }
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE') return 'The downloaded update is not signed by TalkingPhoto’s publisher, so it was deleted.';
  if (code === 'ERR_UPDATER_INVALID_VERSION' || code === 'ERR_UPDATER_INVALID_UPDATE_INFO' || code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' || typeof status === 'number') {
    return 'The update server’s answer could not be used: TalkingPhoto checks again later.';
  }
  if (typeof code === 'string' && /^E(NOTFOUND|CONNREFUSED|CONNRESET|TIMEDOUT|AI_AGAIN|NETUNREACH)$/.test(code)) {
    return 'The update server could not be reached: check your connection, then Help → Check for Updates.';
  }
  if (/net::ERR_/.test(error.message)) return 'The update server could not be reached: check your connection, then Help → Check for Updates.';
  return 'Checking for updates failed: TalkingPhoto tries again later.';
}
