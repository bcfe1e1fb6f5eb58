import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { isTalkingPhotoError, TalkingPhotoError } from '../../../src-shared/errors.js';
import type { MOTION_REQUESTS, MotionPreviewRequestSchema } from '../../../src-shared/ipc/motion-channels.js';
import { MOTION_PREVIEW, motionValues } from '../../../src-shared/motion-controls.js';
import type { RenderRequest } from '../../../src-shared/render.js';
import type { RenderReport } from '../../../src-shared/report.js';
import { DRAFT_FILES, type PhotoDrafts } from '../drafts/photo-drafts.js';
import { RECORDING_FILES, type RecordingDrafts } from '../drafts/recording-drafts.js';
import { loadMediaTools, SAFE_INPUT_FLAGS } from '../../engine/media/ffmpeg.js';
import { runProcess } from '../../engine/media/run-process.js';
import type { MediaFolders } from '../media-access/media-access.js';
import { VOICE_CHARS_PER_SECOND, VOICE_EDGES_S } from '../queue/render-eta.js';
import { renderInChildProcess } from '../queue/render-process.js';
import type { HandlerMap } from './dispatcher.js';

/**
 * The Create form's motion preview (issue 17): the photo says the script's first words (or
 * the recording's first seconds) with the chosen motion, small and at a low frame rate,
 * without the frame check or a kit. It runs in a render process like the queue's renders,
 * so the window stays responsive, but never touches the library: no project, no job, no
 * count against the plan. Only the newest preview lives, in the cache folder.
 */

export type MotionPreviewRequest = z.output<typeof MotionPreviewRequestSchema>;
export type MotionPreviewAnswer = z.input<(typeof MOTION_REQUESTS)['motion:preview']['response']>;
export type PreviewRunner = (request: RenderRequest, hooks: { signal?: AbortSignal }) => Promise<RenderReport>;

export interface MotionPreviewOptions {
  /** Where previews are rendered and kept (the data folder's cache, not the library). */
  folder: string;
  drafts: PhotoDrafts;
  recordings: RecordingDrafts;
  media: MediaFolders;
  /** The plan's small mark, as the real video will carry it. */
  watermark: () => boolean;
  /** How a preview is rendered: a render process by default. */
  render?: PreviewRunner;
}

/**
 * eSpeak reads about this many characters a second where words are spaced (render-eta.ts,
 * measured by `npm run bench`); Chinese and Japanese text, with no spaces, is read at
 * roughly a third of it.
 */
const UNSPACED_CHARS_PER_SECOND = 6;
/** ffmpeg cuts a WAV in well under a second; a stuck one is not waited on longer. */
const CUT_TIMEOUT_MS = 30_000;
const VIDEO_SUFFIX = '.mp4';

/**
 * The first words of `text` that take about `seconds` to say: whole words where the
 * script has spaces, characters where it has none. Never empty for a non-empty text.
 */
export function previewWords(text: string, seconds: number = MOTION_PREVIEW.seconds): string {
  const clean = text.trim().replace(/\s+/gu, ' ');
  const words = clean.split(' ');
  if (words.length === 1) return [...clean].slice(0, Math.max(1, Math.round(seconds * UNSPACED_CHARS_PER_SECOND))).join('');
  const budget = Math.max(1, (seconds - VOICE_EDGES_S) * VOICE_CHARS_PER_SECOND);
  let taken = words[0]!;
  for (const word of words.slice(1)) {
    const next = `${taken} ${word}`;
    if ([...next].length > budget) break;
    taken = next;
  }
  return taken;
}

export class MotionPreviews {
  private running: AbortController | null = null;
  private readonly render: PreviewRunner;
  /** The start-up sweep, which a preview waits for; once a preview has begun, none starts. */
  private sweeping: Promise<void> = Promise.resolve();
  private begun = false;

  constructor(private readonly options: MotionPreviewOptions) {
    this.render = options.render ?? ((request, hooks) => renderInChildProcess(request, hooks));
  }

  /** Renders a preview; a preview still running is cancelled first (it answers CANCELLED). */
  async preview(request: MotionPreviewRequest): Promise<MotionPreviewAnswer> {
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    const { signal } = controller;
    const id = `${Date.now().toString(36)}-${randomBytes(6).toString('base64url')}`;
    const work = path.join(this.options.folder, `work-${id}`);
    this.begun = true;
    try {
      await this.sweeping;
      await mkdir(work, { recursive: true });
      // The draft's upright copy (≤ 1600 px, twice the preview's height and more) rather than the
      // upload: a phone's 12-megapixel photo would cost the preview seconds of decoding and
      // enhancing pixels it never shows. Same picture, so the face index counts the same faces.
      const photoPath = path.join(await this.options.drafts.folderOf(request.photoToken), DRAFT_FILES.preview);
      const voice: Pick<RenderRequest, 'script' | 'audioPath' | 'rawVoice' | 'voice'> =
        request.recordingToken !== undefined
          ? { audioPath: await this.firstSeconds(request.recordingToken, request.rawVoice === true, work, signal), rawVoice: true }
          : { script: previewWords(request.text ?? ''), ...(request.voice !== undefined ? { voice: request.voice } : {}) };
      const outDir = path.join(work, 'out');
      const report = await this.render(
        {
          photoPath,
          ...voice,
          language: request.language,
          ...(request.faceIndex !== undefined ? { faceIndex: request.faceIndex } : {}),
          outDir,
          width: MOTION_PREVIEW.width,
          height: MOTION_PREVIEW.height,
          fps: MOTION_PREVIEW.fps,
          // Every control is fixed: the quality gate must not swap the motion being previewed.
          motion: motionValues(request.motion),
          verify: false,
          platforms: [],
          // A preview never spends a cloud budget: this computer's engines only.
          route: 'local',
          watermark: this.options.watermark(),
        },
        { signal },
      );
      const name = `${id}${VIDEO_SUFFIX}`;
      await rename(path.join(outDir, report.files.video), path.join(this.options.folder, name));
      const root = await this.options.media.allow(this.options.folder, { only: [name] });
      // A newer preview may have finished first; only then is this one already stale.
      if (this.running === controller) await this.removeAllBut(name);
      return { video: { root, path: name }, durationS: report.output.durationS, width: report.output.width, height: report.output.height };
    } catch (error) {
      if (signal.aborted) throw new TalkingPhotoError('CANCELLED', 'The preview was stopped.', { cause: error });
      throw error;
    } finally {
      if (this.running === controller) this.running = null;
      await rm(work, { recursive: true, force: true });
    }
  }

  /** Stops the running preview, if any. */
  cancel(): void {
    this.running?.abort();
  }

  /** Previews left by an earlier run of the app: none is shown again. */
  sweep(): Promise<void> {
    if (!this.begun) this.sweeping = rm(this.options.folder, { recursive: true, force: true });
    return this.sweeping;
  }

  /** The recording's first seconds as a WAV of its own, cleaned up as the form plays it (or raw, as chosen). */
  private async firstSeconds(token: string, raw: boolean, work: string, signal: AbortSignal): Promise<string> {
    const folder = await this.options.recordings.folderOf(token);
    const source = path.join(folder, raw ? RECORDING_FILES.rawPreview : RECORDING_FILES.preview);
    const target = path.join(work, 'voice.wav');
    const { ffmpeg } = await loadMediaTools();
    const cut = await runProcess(ffmpeg.path, [...SAFE_INPUT_FLAGS, '-v', 'error', '-y', '-i', source, '-t', String(MOTION_PREVIEW.seconds), '-c:a', 'pcm_s16le', target], {
      signal,
      timeoutMs: CUT_TIMEOUT_MS,
    });
    if (cut.code !== 0) {
      throw new TalkingPhotoError('AUDIO_CORRUPT', 'The recording could not be read for the preview: add it again.', { detail: cut.stderr.trim().slice(-500) });
    }
    return target;
  }

  private async removeAllBut(keep: string): Promise<void> {
    const names = await readdir(this.options.folder).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => n.endsWith(VIDEO_SUFFIX) && n !== keep).map((n) => rm(path.join(this.options.folder, n), { force: true })));
  }
}

/** A recording's silent start is the likely reason a preview of it fails: the sentence says so. */
function previewError(error: unknown, fromRecording: boolean): unknown {
  if (!isTalkingPhotoError(error) || !fromRecording) return error;
  if (error.code === 'AUDIO_SILENT' || error.code === 'AUDIO_TOO_SHORT') {
    return new TalkingPhotoError(
      error.code,
      `The recording's first ${MOTION_PREVIEW.seconds} seconds are silent, so there is nothing to preview: trim the silence at its start, or preview with the script.`,
      {
        cause: error,
      },
    );
  }
  return error;
}

export function motionPreviewHandlers(previews: MotionPreviews): Pick<HandlerMap, 'motion:preview' | 'motion:cancelPreview'> {
  return {
    'motion:preview': async (request) => {
      try {
        return await previews.preview(request);
      } catch (error) {
        throw previewError(error, request.recordingToken !== undefined);
      }
    },
    'motion:cancelPreview': () => {
      previews.cancel();
      return {};
    },
  };
}
