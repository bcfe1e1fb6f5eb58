import path from 'node:path';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import type { PlatformShell } from '../../app/ipc/platform-shell.js';

/**
 * The host's side of what the OS does for the desktop window. A browser tab has no
 * native dialog that could hand main a path (an `<input type="file">` gives the page
 * bytes, never a path), so the creator types paths, and the host lets a project use what
 * its token holder typed: the token is the proof that it is the person who started
 * `npm run host`, who can read those files anyway.
 */
export class HostShell implements PlatformShell {
  readonly frontDoor = 'host' as const;
  readonly capabilities = { nativeDialogs: false, showInFolder: false, recordings: true };

  async pickPhoto(): Promise<string | null> {
    throw new TalkingPhotoError('NOT_SUPPORTED', "The browser version has no file dialog: type the photo's full path instead.");
  }

  async openExternal(): Promise<boolean> {
    // The page is already in a browser: it opens the link in a new tab itself.
    return false;
  }

  async showInFolder(): Promise<void> {
    throw new TalkingPhotoError('NOT_SUPPORTED', 'The browser version cannot open your file manager.');
  }

  async chooseExportFile(_sender: unknown, typed: string | undefined): Promise<string | null> {
    if (!typed || !path.isAbsolute(typed)) {
      throw new TalkingPhotoError('BAD_OPTION', 'Type the full path of the zip to write (for example /home/me/talkingphoto-export.zip).');
    }
    return typed;
  }

  async chooseFolder(_sender: unknown, typed: string | undefined): Promise<string | null> {
    if (!typed || !path.isAbsolute(typed)) {
      throw new TalkingPhotoError('BAD_OPTION', 'Type the full path of the folder (for example /home/me/Videos/TalkingPhoto).');
    }
    return typed;
  }

  checkInputFiles(files: { photoPath?: string; audioPath?: string }): void {
    // A relative path would be taken from wherever `npm run host` was started, which the page cannot know.
    const typed: Array<[string | undefined, string]> = [
      [files.photoPath, 'photo'],
      [files.audioPath, 'recording'],
    ];
    for (const [value, what] of typed) {
      if (value !== undefined && !path.isAbsolute(value)) {
        throw new TalkingPhotoError('BAD_OPTION', `Type the ${what}'s full path (for example ${path.join(path.parse(process.cwd()).root, 'Users', 'me', 'photo.jpg')}), not a relative one.`);
      }
    }
  }
}
