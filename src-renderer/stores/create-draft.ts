import type { CreateDraft } from '../../src-shared/ipc/creator-channels.js';
import { MAX_SCRIPT_CHARS, type LanguageCode, type WorkflowType } from '../../src-shared/limits.js';
import type { PlatformId } from '../../src-shared/platforms.js';
import { choseNothing, type MotionChoice } from '../../src-shared/motion-controls.js';
import { isPlatformId } from '../labels.js';

/**
 * The Create form's fields and how they become the autosaved draft (`drafts:save`) and
 * come back from it (`drafts:get`). Pure, so the conversion is tested on its own.
 */

export interface CreateForm {
  script: string;
  language: LanguageCode;
  /** A voice id of `language`, or null for its default. */
  voice: string | null;
  workflowType: WorkflowType;
  title: string;
  platforms: PlatformId[];
  burnCaptions: boolean;
  coverTitle: boolean;
  trim: boolean;
  /** The creator speaks from their own recording instead of the computer voice. */
  useRecording: boolean;
  /** A recording's full path from an older draft (the host read typed paths); an imported recording replaces it. */
  audioPath: string;
  /** "Keep my raw take": the recording is rendered as recorded (RenderRequest `rawVoice`), not cleaned up. */
  keepRawVoice: boolean;
  /** The motion controls the creator set (the Motion section); empty: the engine chooses. */
  motion: MotionChoice;
  /** The video's target length, 1–60 s (the seed's target duration); null: as long as the script. */
  targetSeconds: number | null;
}

/** The draft schema's cap on a title (src-shared/ipc/creator-channels.ts CreateDraftSchema). */
export const MAX_TITLE_CHARS = 200;

export function emptyForm(defaults: { language: LanguageCode; voice?: string | null; platforms: readonly PlatformId[] }): CreateForm {
  return {
    script: '',
    language: defaults.language,
    voice: defaults.voice ?? null,
    workflowType: 'avatar_presentation',
    title: '',
    platforms: [...defaults.platforms],
    burnCaptions: false,
    coverTitle: false,
    trim: false,
    useRecording: false,
    audioPath: '',
    keepRawVoice: false,
    motion: {},
    targetSeconds: null,
  };
}

/**
 * The draft main keeps. A script over the limit is kept up to the limit (the draft schema
 * refuses more); the form still shows all of it and says how much is too long.
 */
export function draftOf(form: CreateForm, photo: { photoToken: string; faceIndex: number | null } | null, recording: { recordingToken: string } | null = null): CreateDraft {
  const title = form.title.trim();
  const audioPath = form.audioPath.trim();
  return {
    ...(photo ? { photoToken: photo.photoToken } : {}),
    ...(photo && photo.faceIndex !== null ? { faceIndex: photo.faceIndex } : {}),
    script: form.script.slice(0, MAX_SCRIPT_CHARS),
    language: form.language,
    ...(form.voice ? { voice: form.voice } : {}),
    workflowType: form.workflowType,
    platforms: form.platforms,
    ...(title ? { title: title.slice(0, MAX_TITLE_CHARS) } : {}),
    // An imported recording wins over a typed path (one audio source only).
    ...(form.useRecording && recording ? { recordingToken: recording.recordingToken } : form.useRecording && audioPath ? { audioPath } : {}),
    burnCaptions: form.burnCaptions,
    coverTitle: form.coverTitle,
    trim: form.trim,
    // Kept with the recording it is about; a script's voice has no raw take.
    ...(form.useRecording && form.keepRawVoice ? { rawVoice: true } : {}),
    ...(choseNothing(form.motion) ? {} : { motion: form.motion }),
    ...(form.targetSeconds !== null ? { targetDurationS: form.targetSeconds } : {}),
  };
}

/** The form as the draft left it; a platform this window does not know is dropped. */
export function formOf(draft: CreateDraft): CreateForm {
  return {
    script: draft.script,
    language: draft.language,
    voice: draft.voice ?? null,
    workflowType: draft.workflowType,
    title: draft.title ?? '',
    platforms: draft.platforms.filter(isPlatformId),
    burnCaptions: draft.burnCaptions,
    coverTitle: draft.coverTitle,
    trim: draft.trim,
    useRecording: draft.audioPath !== undefined || draft.recordingToken !== undefined,
    audioPath: draft.audioPath ?? '',
    keepRawVoice: draft.rawVoice === true,
    motion: { ...draft.motion },
    targetSeconds: draft.targetDurationS ?? null,
  };
}
