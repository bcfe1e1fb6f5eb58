/**
 * Expected failures: a stable `code` for logs and tests, and one sentence for the creator
 * that says what to do. Unexpected exceptions stay plain `Error`s (they are bugs).
 */

/** What every code must decide where it is declared, so a new code cannot be silently retryable. */
interface ErrorKind {
  /**
   * Whether running the same work again may succeed (a crashed encoder, a busy library, a
   * service that was down). `false` for input the creator must fix and for a disk that
   * stays full: the render queue would only fail the same way four times.
   */
  readonly retry: boolean;
}

export const ERROR_KINDS = {
  FILE_NOT_FOUND: { retry: false },
  FILE_UNREADABLE: { retry: false },
  FILE_EMPTY: { retry: false },
  FILE_TOO_LARGE: { retry: false },
  NOT_AN_IMAGE: { retry: false },
  UNSUPPORTED_IMAGE: { retry: false },
  IMAGE_TOO_MANY_PIXELS: { retry: false },
  IMAGE_CORRUPT: { retry: false },
  NO_FACE: { retry: false },
  NOT_AN_AUDIO_FILE: { retry: false },
  /** `tp score` was given a file with no picture, or one ffmpeg cannot read as a video. */
  NOT_A_VIDEO: { retry: false },
  AUDIO_CORRUPT: { retry: false },
  AUDIO_TOO_LONG: { retry: false },
  AUDIO_TOO_SHORT: { retry: false },
  AUDIO_SILENT: { retry: false },
  SCRIPT_EMPTY: { retry: false },
  SCRIPT_TOO_LONG: { retry: false },
  SCRIPT_NOT_SPEAKABLE: { retry: false },
  LANGUAGE_UNSUPPORTED: { retry: false },
  VOICE_UNKNOWN: { retry: false },
  SPEECH_TOO_LONG: { retry: false },
  BAD_OPTION: { retry: false },
  OUTPUT_NOT_WRITABLE: { retry: false },
  FFMPEG_MISSING: { retry: false },
  // A speech engine or encoder that crashed once usually runs the next time.
  TTS_FAILED: { retry: true },
  RENDER_FAILED: { retry: true },
  CANCELLED: { retry: false },
  // Front-door codes (IPC contract, host): a request main refused before any work began.
  /** The payload does not match the channel's schema. */
  BAD_REQUEST: { retry: false },
  /** No such channel in the contract. */
  UNKNOWN_CHANNEL: { retry: false },
  /** The sender (frame, socket) may not use this channel. */
  FORBIDDEN: { retry: false },
  /** This front door cannot do that (the headless host has no native file dialog). */
  NOT_SUPPORTED: { retry: false },
  // Library (src-main/app/library): the local project database and its files.
  /** library.db failed its integrity check; it was set aside, never deleted. */
  LIBRARY_DAMAGED: { retry: false },
  /** The data folder or database cannot be opened or written (permissions, disk full, locked). */
  LIBRARY_UNAVAILABLE: { retry: true },
  /** Another TalkingPhoto process (the app, the host, a batch) owns this library right now. */
  LIBRARY_IN_USE: { retry: true },
  /** The disk holding the data folder (or an output folder) is full. */
  DISK_FULL: { retry: false },
  /** The data folder (or an output folder) became read-only or may no longer be written. */
  DATA_FOLDER_READ_ONLY: { retry: false },
  PROJECT_NOT_FOUND: { retry: false },
  /** The project was rendered without platforms, so there is no export kit to save. */
  KIT_NOT_FOUND: { retry: false },
  /** A file the library refers to is gone from the data folder. */
  ASSET_MISSING: { retry: false },
  /** A render output folder lacks video.mp4, enhanced.jpg or a readable report.json. */
  RENDER_OUTPUT_INVALID: { retry: true },
  /** The file chosen to restore from is not a usable library backup. */
  BACKUP_INVALID: { retry: false },
  /** The plan's projects for this month are used up (SPEC §5). */
  PLAN_LIMIT: { retry: false },
  /** The licensing service refused: wrong password, locked account, taken email… */
  ACCOUNT_REFUSED: { retry: false },
  /** The licensing service could not be reached. */
  SERVICE_UNREACHABLE: { retry: true },
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ERROR_KINDS;

/** The codes as a non-empty tuple, for zod enums and membership checks. */
export const ERROR_CODES = Object.keys(ERROR_KINDS) as [ErrorCode, ...ErrorCode[]];

/** Whether a failure with this code is worth running again; codes from outside this list (a bug) are. */
export function isRetryable(code: string): boolean {
  return (ERROR_CODES as readonly string[]).includes(code) ? ERROR_KINDS[code as ErrorCode].retry : true;
}

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
