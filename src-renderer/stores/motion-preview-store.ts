import { createStore, type StoreApi } from 'zustand/vanilla';
import type { IpcError } from '../../src-shared/ipc/envelope.js';
import { MAX_MOTION_PREVIEW_TEXT_CHARS, motionValues, type MotionValues } from '../../src-shared/motion-controls.js';
import type { Transport } from '../transport/transport.js';
import type { CreateState, CreateStore } from './create-store.js';

/**
 * The Create form's motion preview: a few seconds of the photo talking with the chosen
 * motion (`motion:preview`), rendered by main in a render process. One at a time: asking
 * again replaces the one on its way; a new photo makes the shown preview go.
 */

export interface MotionPreviewState {
  rendering: boolean;
  /** The latest preview that finished; it stays while the next one renders. */
  shown: { url: string; durationS: number; motion: MotionValues } | null;
  error: IpcError | null;
  /** Renders a preview of the form as it is now, replacing one still rendering. */
  preview(): Promise<void>;
  /** Stops the preview that renders; the one shown stays. */
  cancel(): void;
}

export type MotionPreviewStore = StoreApi<MotionPreviewState>;

/** Why the preview cannot run yet, as a sentence; null when it can. */
export function previewBlocker(form: CreateState): string | null {
  if (form.importing) return 'Wait for the photo to finish.';
  if (!form.photo) return 'Add a photo to preview its motion.';
  if (form.useRecording) return form.recording ? null : 'Choose your recording to preview it.';
  return form.script.trim() ? null : 'Type a script to preview its first words.';
}

/** The script's beginning, cut at a word; main takes the first few seconds of it. */
function scriptStart(script: string): string {
  const text = script.trim().replace(/\s+/gu, ' ');
  if (text.length <= MAX_MOTION_PREVIEW_TEXT_CHARS) return text;
  const cut = text.slice(0, MAX_MOTION_PREVIEW_TEXT_CHARS);
  const space = cut.lastIndexOf(' ');
  return space > 0 ? cut.slice(0, space) : cut;
}

export function createMotionPreviewStore(transport: Transport, create: CreateStore): MotionPreviewStore {
  return createStore<MotionPreviewState>()((set, get) => {
    // Only the latest request's answer is shown; an earlier one that comes back later is dropped.
    let latest = 0;

    create.subscribe((now, before) => {
      if (now.photo?.photoToken === before.photo?.photoToken) return;
      // Another photo: the preview of the last one no longer says anything about this one.
      if (get().rendering) get().cancel();
      set({ shown: null, error: null });
    });

    return {
      rendering: false,
      shown: null,
      error: null,

      async preview() {
        const form = create.getState();
        const blocker = previewBlocker(form);
        if (blocker !== null || !form.photo) {
          set({ error: { code: 'BAD_OPTION', message: blocker ?? 'Add a photo to preview its motion.' } });
          return;
        }
        const mine = ++latest;
        const motion = motionValues(form.motion);
        set({ rendering: true, error: null });
        const faceIndex = form.faceIndex;
        const answer = await transport.invoke('motion:preview', {
          photoToken: form.photo.photoToken,
          ...(faceIndex !== null ? { faceIndex } : {}),
          language: form.language,
          ...(form.useRecording && form.recording
            ? { recordingToken: form.recording.recordingToken, ...(form.keepRawVoice ? { rawVoice: true } : {}) }
            : { text: scriptStart(form.script), ...(form.voice ? { voice: form.voice } : {}) }),
          motion,
        });
        if (mine !== latest) return;
        if (answer.ok) {
          set({ rendering: false, shown: { url: transport.mediaUrl(answer.value.video), durationS: answer.value.durationS, motion } });
        } else {
          // A stop the creator asked for is not an error to show.
          set({ rendering: false, error: answer.error.code === 'CANCELLED' ? null : answer.error });
        }
      },

      cancel() {
        latest++;
        set({ rendering: false });
        void transport.invoke('motion:cancelPreview');
      },
    };
  });
}
