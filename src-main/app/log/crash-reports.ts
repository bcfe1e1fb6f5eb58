import { mkdirSync } from 'node:fs';
import { dataFolder } from '../library/data-folder.js';
import { crashDumpsFolder } from './log-paths.js';
import type { Log } from './logger.js';

/**
 * Electron's crash reporter, kept local unless the creator says otherwise: a crash of any
 * of the app's processes (main, window, render, GPU) leaves a minidump in
 * `<data folder>/crashes`, and nothing is sent anywhere until the creator ticks "Send
 * crash reports" in Settings → Privacy (the `uploadCrashReports` preference, off by
 * default). Plain Node: the door hands in Electron's `crashReporter` and `app.setPath`,
 * so the choices here are tested without Electron.
 */

/**
 * Where opted-in minidumps go: a Crashpad/Breakpad-compatible collector (multipart POST
 * with `upload_file_minidump`, as Electron's crashReporter sends). The one place to
 * change it.
 */
export const CRASH_REPORT_SUBMIT_URL = 'https://crashes.talkingphoto.app/minidump';

/** The part of Electron's `crashReporter` this module uses. */
export interface CrashReporterLike {
  start(options: {
    submitURL: string;
    uploadToServer: boolean;
    productName?: string;
    compress?: boolean;
    rateLimit?: boolean;
    ignoreSystemCrashHandler?: boolean;
    globalExtra?: Record<string, string>;
  }): void;
  setUploadToServer(uploadToServer: boolean): void;
}

export interface CrashReportingOptions {
  reporter: CrashReporterLike;
  /** `(folder) => app.setPath('crashDumps', folder)`: must run before `start`. */
  setCrashDumpsPath: (folder: string) => void;
  appVersion: string;
  dataDir?: string;
  /** The creator's choice when it is already known; the door calls `setUpload` once the library has answered. */
  upload?: boolean;
  submitUrl?: string;
  log?: Log;
}

export interface CrashReporting {
  /** Where the minidumps are written (the diagnostics bundle and the README point here). */
  readonly folder: string;
  /** Follows the creator's "Send crash reports" choice; the first call may come before any crash. */
  setUpload(upload: boolean): void;
  readonly uploading: boolean;
}

export function startCrashReporting(options: CrashReportingOptions): CrashReporting {
  const folder = crashDumpsFolder(options.dataDir ?? dataFolder());
  mkdirSync(folder, { recursive: true });
  options.setCrashDumpsPath(folder);
  let uploading = options.upload === true;
  options.reporter.start({
    // Given even while off: Electron takes the address only at start, and an opt-in later
    // must be able to send without a restart.
    submitURL: options.submitUrl ?? CRASH_REPORT_SUBMIT_URL,
    uploadToServer: uploading,
    productName: 'TalkingPhoto',
    compress: true,
    // At most one upload an hour (Crashpad's rate limit): a crash loop cannot flood anyone.
    rateLimit: true,
    // Only the version: nothing that names the creator, their files or their computer.
    globalExtra: { appVersion: options.appVersion },
  });
  options.log?.info('crash reporter started', { folder, uploading });
  return {
    folder,
    get uploading() {
      return uploading;
    },
    setUpload(upload) {
      if (upload === uploading) return;
      uploading = upload;
      options.reporter.setUploadToServer(upload);
      options.log?.info(upload ? 'crash reports will be sent (the creator opted in)' : 'crash reports stay on this computer', { folder });
    },
  };
}
