import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { MAX_AUDIO_BYTES, recordingTooLargeMessage } from '../../../src-shared/limits.js';
import { loadRecording } from '../../engine/voice/recording.js';
import { stripRecordingMetadata } from './recording-metadata.js';

/**
 * Recordings dropped into the Create form before they become a project: checked and
 * decoded by the engine's own recording loader as soon as they arrive, so the creator
 * hears them (normalised) and sees how long they are. They wait next to the photo
 * drafts, in `drafts/<token>/` (swept by PhotoDrafts.sweep after a week like a photo),
 * until a project is made from them. A recording that is refused leaves nothing behind.
 */

export const RECORDING_FILES = {
  /**
   * The audio as received, its tags gone (title, artist, the phone's model, location, dates:
   * stream-copied into Matroska without metadata): what `projects:create` takes in as the
   * project's audio.
   */
  upload: 'upload',
  /** The recording cleaned up, decoded to mono and loudness-normalised, as the render will hear it. */
  preview: 'voice.wav',
  /** The same without the cleanup, for the before/after "Hear it" and "Keep my raw take". */
  rawPreview: 'voice-raw.wav',
  record: 'recording.json',
} as const;

const INCOMING_PREFIX = '.incoming-';
/** Same alphabet as the contract's IdSchema, so a token cannot leave the folder. */
const TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

const RecordingDraftSchema = z.object({
  version: z.literal(1),
  kind: z.literal('recording'),
  name: z.string(),
  createdAt: z.string(),
  durationS: z.number().positive(),
});
export type RecordingDraft = z.infer<typeof RecordingDraftSchema>;

function displayName(name: string): string {
  const base = path.posix
    .basename(name.replace(/\\/g, '/'))
    .replace(/\p{Cc}/gu, '')
    .trim();
  return base || 'recording';
}

function missingRecording(token: string, cause?: unknown): TalkingPhotoError {
  return new TalkingPhotoError('FILE_NOT_FOUND', 'This recording is no longer waiting in the Create form (recordings are kept for a week): add it again.', {
    detail: `recording draft ${token}`,
    ...(cause !== undefined ? { cause } : {}),
  });
}

export class RecordingDrafts {
  /** One decode at a time: ffmpeg on two shared cores gains nothing from two at once. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly folder: string) {}

  importBytes(name: string, data: Buffer): Promise<{ token: string; draft: RecordingDraft }> {
    const run = this.queue.then(
      () => this.importData(displayName(name), data),
      () => this.importData(displayName(name), data),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The folder of a recording draft that exists; FILE_NOT_FOUND otherwise (a photo draft's token included). */
  async folderOf(token: string): Promise<string> {
    await this.read(token);
    return path.join(this.folder, token);
  }

  async read(token: string): Promise<RecordingDraft> {
    if (!TOKEN.test(token)) throw missingRecording(token);
    const folder = path.join(this.folder, token);
    const info = await stat(folder).catch(() => undefined);
    if (!info?.isDirectory()) throw missingRecording(token);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(path.join(folder, RECORDING_FILES.record), 'utf8'));
    } catch (error) {
      throw missingRecording(token, error);
    }
    const parsed = RecordingDraftSchema.safeParse(raw);
    if (!parsed.success) throw missingRecording(token);
    return parsed.data;
  }

  private async importData(name: string, data: Buffer): Promise<{ token: string; draft: RecordingDraft }> {
    if (data.length === 0) throw new TalkingPhotoError('FILE_EMPTY', 'The recording file is empty: export it again from your recorder.');
    if (data.length > MAX_AUDIO_BYTES) {
      throw new TalkingPhotoError('FILE_TOO_LARGE', recordingTooLargeMessage(data.length));
    }
    // 144 bits: a draft's folder name is also its only key.
    const token = randomBytes(18).toString('base64url');
    const incoming = path.join(this.folder, `${INCOMING_PREFIX}${token}`);
    await mkdir(incoming, { recursive: true });
    try {
      // ffprobe and ffmpeg read files, so the bytes go to the half-written folder first;
      // a refusal removes it, and only a recording that decoded is renamed into place.
      const received = path.join(incoming, 'received');
      await writeFile(received, data);
      const voice = await loadRecording({ file: received, workDir: incoming, cleanup: true, rawPreviewPath: path.join(incoming, RECORDING_FILES.rawPreview) });
      if (path.basename(voice.audioPath) !== RECORDING_FILES.preview) await rename(voice.audioPath, path.join(incoming, RECORDING_FILES.preview));
      await stripRecordingMetadata(received, path.join(incoming, RECORDING_FILES.upload));
      await rm(received, { force: true });
      const draft: RecordingDraft = { version: 1, kind: 'recording', name, createdAt: new Date().toISOString(), durationS: voice.durationS };
      await writeFile(path.join(incoming, RECORDING_FILES.record), JSON.stringify(draft));
      await rename(incoming, path.join(this.folder, token));
      return { token, draft };
    } catch (error) {
      await rm(incoming, { recursive: true, force: true });
      throw error;
    }
  }
}
