import path from 'node:path';
import { app, dialog, shell, type BrowserWindow } from 'electron';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import type { PlatformShell, SaveFileChoice } from '../../app/ipc/platform-shell.js';
import { licenseServiceUrl } from '../../app/licensing/account-client.js';
import { isAllowedExternalUrl } from './external-links.js';

/**
 * The desktop window's native dialogs and file manager. A project may be made only from
 * photos the creator chose in these dialogs, so a compromised page cannot point the
 * engine at other files.
 */

const PHOTO_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'heic', 'heif', 'avif'];

function samePath(a: string, b: string): boolean {
  const norm = (p: string): string => (process.platform === 'win32' ? path.resolve(p).toLowerCase() : path.resolve(p));
  return norm(a) === norm(b);
}

export class DesktopShell implements PlatformShell {
  readonly frontDoor = 'desktop' as const;
  readonly capabilities = { nativeDialogs: true, showInFolder: true, recordings: false };
  private readonly pickedPhotos = new Set<string>();

  constructor(private readonly window: () => BrowserWindow | null) {}

  async pickPhoto(): Promise<string | null> {
    const owner = this.window();
    if (!owner) return null;
    const result = await dialog.showOpenDialog(owner, {
      title: 'Choose a portrait photo',
      properties: ['openFile'],
      filters: [{ name: 'Photos', extensions: PHOTO_EXTENSIONS }],
    });
    const chosen = result.canceled ? undefined : result.filePaths[0];
    if (!chosen) return null;
    this.pickedPhotos.add(chosen);
    return chosen;
  }

  async chooseExportFile(_sender: unknown, _typed: string | undefined, what?: SaveFileChoice): Promise<string | null> {
    const owner = this.window();
    if (!owner) return null;
    const result = await dialog.showSaveDialog(owner, {
      title: what?.title ?? 'Export all my data',
      defaultPath: what?.defaultName ?? `talkingphoto-export-${new Date().toISOString().slice(0, 10)}.zip`,
      filters: [{ name: 'Zip archive', extensions: ['zip'] }],
    });
    return result.canceled || !result.filePath ? null : result.filePath;
  }

  async chooseFolder(_sender: unknown, _typed: string | undefined, title: string): Promise<string | null> {
    const owner = this.window();
    if (!owner) return null;
    const result = await dialog.showOpenDialog(owner, { title, properties: ['openDirectory', 'createDirectory'] });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }

  async openExternal(url: string): Promise<boolean> {
    // The one door to the browser: only the licensing service's and Stripe's pages.
    if (!isAllowedExternalUrl(url, { serviceUrl: licenseServiceUrl(), packaged: app.isPackaged })) return false;
    await shell.openExternal(url);
    return true;
  }

  async showInFolder(file: string): Promise<void> {
    shell.showItemInFolder(file);
  }

  checkInputFiles(files: { photoPath?: string; audioPath?: string }): void {
    const { photoPath } = files;
    if (photoPath !== undefined && ![...this.pickedPhotos].some((p) => samePath(p, photoPath))) {
      throw new TalkingPhotoError('BAD_OPTION', 'Choose the photo with the "Choose photo" button, then try again.');
    }
    if (files.audioPath !== undefined) {
      throw new TalkingPhotoError('BAD_OPTION', 'Add your recording in the Create form (drop it, choose it or record it there), then try again.');
    }
  }
}
