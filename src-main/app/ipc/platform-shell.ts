import type { EngineStatus } from '../../../src-shared/ipc/engine-channels.js';
import type { SenderContext } from './dispatcher.js';

/**
 * What differs between the desktop app and the headless host, and nothing else: native
 * dialogs, the file manager, and which files a project may be made from. Electron implements it
 * in src-main/doors/electron (the only code that imports `electron`); the host in src-main/doors/host.
 */
/** What a save dialog asks for; the data export's by default. */
export interface SaveFileChoice {
  title: string;
  defaultName: string;
}

export interface PlatformShell {
  readonly frontDoor: EngineStatus['frontDoor'];
  readonly capabilities: EngineStatus['capabilities'];
  /** The chosen photo's path, null when dismissed; throws NOT_SUPPORTED where there is no dialog. */
  pickPhoto(sender: SenderContext): Promise<string | null>;
  /**
   * Opens an https page (Stripe Checkout, the Billing Portal) in the system browser; false
   * where the window is itself a browser tab, which then opens it.
   */
  openExternal(url: string): Promise<boolean>;
  /** Throws NOT_SUPPORTED where there is no file manager to open. */
  showInFolder(file: string): Promise<void>;
  /**
   * Where "export all my data" writes its zip: a save dialog in the desktop app (what the
   * page typed is ignored there), the typed absolute path in the host. Null: dismissed.
   */
  chooseExportFile(sender: SenderContext, typed: string | undefined, what?: SaveFileChoice): Promise<string | null>;
  /**
   * A folder for the library to move to, or to save a kit in: a folder dialog in the
   * desktop app (what the page typed is ignored there), the typed absolute path in the
   * host. Null: dismissed.
   */
  chooseFolder(sender: SenderContext, typed: string | undefined, title: string): Promise<string | null>;
  /**
   * Throws a TalkingPhotoError when this door may not let a project read the photo or
   * recording a request names (a photo imported into the Create form is main's own copy
   * and needs no check, hence optional). The desktop app allows only what the creator
   * chose in its own dialog, so a compromised page cannot aim the engine at other files;
   * the host allows what its token holder typed.
   */
  checkInputFiles(files: { photoPath?: string; audioPath?: string }): void;
}
