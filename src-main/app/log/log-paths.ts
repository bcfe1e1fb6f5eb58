import path from 'node:path';
import { dataFolder } from '../library/data-folder.js';

/**
 * Where the app's own records of what happened live, inside the data folder (never the
 * library's movable folder: the log must be found even when the library cannot be
 * opened). The diagnostics bundle reads `logsFolder()/*` and `crashDumpsFolder()/**`.
 */

export const LOG_FILE_NAME = 'talkingphoto.log';

/** `<data folder>/logs`: `talkingphoto.log` and its rotated `talkingphoto.log.1`…`.4`. */
export function logsFolder(dataDir: string = dataFolder()): string {
  return path.join(dataDir, 'logs');
}

export function logFile(dataDir: string = dataFolder()): string {
  return path.join(logsFolder(dataDir), LOG_FILE_NAME);
}

/** `<data folder>/crashes`: Electron's crash reporter writes its minidumps here (crash-reports.ts). */
export function crashDumpsFolder(dataDir: string = dataFolder()): string {
  return path.join(dataDir, 'crashes');
}
