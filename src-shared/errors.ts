/**
 * Expected failures: a stable `code` for logs and tests, and one sentence for the creator
 * that says what to do. Unexpected exceptions stay plain `Error`s (they are bugs).
 */
export const ERROR_CODES = [
  'FILE_NOT_FOUND',
  'FILE_UNREADABLE',
  'FILE_EMPTY',
  'FILE_TOO_LARGE',
  'NOT_AN_IMAGE',
  'UNSUPPORTED_IMAGE',
  'IMAGE_TOO_MANY_PIXELS',
  'IMAGE_CORRUPT',
  'NO_FACE',
  'NOT_AN_AUDIO_FILE',
  /** `tp score` was given a file with no picture, or one ffmpeg cannot read as a video. */
  'NOT_A_VIDEO',
  'AUDIO_CORRUPT',
  'AUDIO_TOO_LONG',
  'AUDIO_TOO_SHORT',
  'AUDIO_SILENT',
  'SCRIPT_EMPTY',
  'SCRIPT_TOO_LONG',
  'SCRIPT_NOT_SPEAKABLE',
  'LANGUAGE_UNSUPPORTED',
  'VOICE_UNKNOWN',
  'SPEECH_TOO_LONG',
  'BAD_OPTION',
  'OUTPUT_NOT_WRITABLE',
  'FFMPEG_MISSING',
  'TTS_FAILED',
  'RENDER_FAILED',
  'CANCELLED',
  // Front-door codes (IPC contract, host): a request main refused before any work began.
  /** The payload does not match the channel's schema. */
  'BAD_REQUEST',
  /** No such channel in the contract. */
  'UNKNOWN_CHANNEL',
  /** The sender (frame, socket) may not use this channel. */
  'FORBIDDEN',
  /** This front door cannot do that (the headless host has no native file dialog). */
  'NOT_SUPPORTED',
  // Library (src-main/library): the local project database and its files.
  /** library.db failed its integrity check; it was set aside, never deleted. */
  'LIBRARY_DAMAGED',
  /** The data folder or database cannot be opened or written (permissions, disk full, locked). */
  'LIBRARY_UNAVAILABLE',
  /** Another TalkingPhoto process (the app, the host, a batch) owns this library right now. */
  'LIBRARY_IN_USE',
  /** The disk holding the data folder (or an output folder) is full. */
  'DISK_FULL',
  /** The data folder (or an output folder) became read-only or may no longer be written. */
  'DATA_FOLDER_READ_ONLY',
  'PROJECT_NOT_FOUND',
  /** The project was rendered without platforms, so there is no export kit to save. */
  'KIT_NOT_FOUND',
  /** A file the library refers to is gone from the data folder. */
  'ASSET_MISSING',
  /** A render output folder lacks video.mp4, enhanced.jpg or a readable report.json. */
  'RENDER_OUTPUT_INVALID',
  /** The file chosen to restore from is not a usable library backup. */
  'BACKUP_INVALID',
  /** The plan's projects for this month are used up (SPEC §5). */
  'PLAN_LIMIT',
  /** The licensing service refused: wrong password, locked account, taken email… */
  'ACCOUNT_REFUSED',
  /** The licensing service could not be reached. */
  'SERVICE_UNREACHABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class TalkingPhotoError extends Error {
  readonly code: ErrorCode;
  /** What went wrong underneath, kept for logs; never shown to the creator. */
  readonly detail: string | undefined;

  constructor(code: ErrorCode, message: string, options: { detail?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TalkingPhotoError';
    this.code = code;
    this.detail = options.detail;
  }
}

export function isTalkingPhotoError(value: unknown): value is TalkingPhotoError {
  return value instanceof TalkingPhotoError;
}
