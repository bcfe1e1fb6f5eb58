import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ImportedPhoto, ImportedRecording } from '../../src-shared/ipc/creator-channels.js';
import type { EngineStatus, Voice } from '../../src-shared/ipc/engine-channels.js';
import type { IpcError, IpcResponse } from '../../src-shared/ipc/envelope.js';
import { MAX_AUDIO_BYTES, MAX_PHOTO_BYTES, MAX_SCRIPT_CHARS, photoTooLargeMessage, recordingTooLargeMessage, type LanguageCode } from '../../src-shared/limits.js';
import type { PlatformId } from '../../src-shared/platforms.js';
import { frameOfSize, type VideoSize } from '../../src-shared/preferences.js';
import { readAsBase64 } from '../photo-bytes.js';
import { targetLengthCheck } from '../target-length.js';
import type { Transport } from '../transport/transport.js';
import type { ResponseValue } from '../../src-shared/ipc/contract.js';
import { draftOf, emptyForm, formOf, type CreateForm } from './create-draft.js';
import { choseNothing, type MotionChoice } from '../../src-shared/motion-controls.js';

/**
 * The Create screen: a photo imported the moment it is dropped (faces found, enhanced),
 * the form around it autosaved as a draft, and Generate, which makes a library project
 * and queues its render. The form is empty again at once, ready for the next video.
 */

/** Saves wait for a pause in typing this long, so a sentence is one write, not fifty. */
export const DRAFT_SAVE_DELAY_MS = 500;
/** The longest file name `photos:import` takes (src-shared/ipc/creator-channels.ts). */
const MAX_PHOTO_NAME_CHARS = 255;
/** The longest text `voices:preview` speaks (creator-channels.ts MAX_VOICE_PREVIEW_CHARS, not imported: it comes with zod). */
export const MAX_PREVIEW_CHARS = 200;

export type ImportStage = 'reading' | 'checking';
export interface PhotoUrls {
  original: string;
  enhanced: string;
}

export interface CreateState extends CreateForm {
  /** What main offers (native dialogs, recordings); null until it answered. */
  engine: EngineStatus | null;
  photo: ImportedPhoto | null;
  /** Where the page loads the photo from, as taken and enhanced. */
  photoUrls: PhotoUrls | null;
  /** The face the creator picked; null: the photo's own `chosenFace`. */
  faceIndex: number | null;
  /** A photo on its way in: its name and how far it got. */
  importing: { name: string; stage: ImportStage } | null;
  /** Why the last photo was refused; the photo before it stays. */
  photoError: IpcError | null;
  /** The creator's own recording, imported (`recordings:import`); used while `useRecording` is on. */
  recording: ImportedRecording | null;
  /** Where the page plays the recording from (cleaned up and normalised, as the video will sound). */
  recordingUrl: string | null;
  /** The same recording as recorded (only normalised): the "before" of the cleanup; null for an old draft's. */
  rawRecordingUrl: string | null;
  /** A recording on its way in: its name. */
  importingRecording: string | null;
  /** Why the last recording was refused; the recording before it stays. */
  recordingError: IpcError | null;
  voices: Voice[];
  hearing: boolean;
  voiceError: IpcError | null;
  /** The voice remembered for this language is gone from the computer: the sentence saying the default speaks instead. */
  voiceNotice: string | null;
  generating: boolean;
  /** Why Generate was refused. */
  error: IpcError | null;
  /** The draft was asked for and applied (or there was none): autosave may begin. */
  restored: boolean;
  /** Why the draft could not be restored or saved; the form still holds everything typed. */
  draftProblem: { when: 'restore' | 'save'; error: IpcError } | null;

  init(): Promise<void>;
  importFile(file: File): Promise<void>;
  pickPhoto(): Promise<void>;
  /** A chosen or dropped audio file becomes the recording (refused here first when over MAX_AUDIO_BYTES). */
  importRecording(file: File): Promise<void>;
  /** Keep the recording as recorded (true) or cleaned up (false, the default). */
  keepRaw(on: boolean): void;
  chooseFace(index: number): void;
  edit(changes: Partial<CreateForm>): void;
  /** Settings' defaults changed: a form the creator has not touched (and no draft filled) starts from them. */
  adoptDefaults(defaults: FormDefaults): void;
  setLanguage(language: LanguageCode): Promise<void>;
  /** The creator picks a voice (null: the language's default); remembered for the language in Settings. */
  chooseVoice(voice: string | null): void;
  togglePlatform(platform: PlatformId): void;
  /** Sets motion controls (the Motion section); the others stay as they are. */
  chooseMotion(changes: MotionChoice): void;
  /** Every motion control back to the engine's choice. */
  resetMotion(): void;
  /** A short clip of the chosen voice saying the script's first sentence; its URL, or null when refused. */
  previewVoice(): Promise<string | null>;
  /** True once the project is made and queued. */
  generate(): Promise<boolean>;
  /** Writes a pending autosave now (the page is being hidden or closed). */
  saveDraftNow(): Promise<void>;
  /** Main's estimate for the form as it is (cost, time on this machine, wait behind the queue). */
  estimate: JobEstimate | null;
  refreshEstimate(): Promise<void>;
}

export type CreateStore = StoreApi<CreateState>;

/** The face that talks: the creator's pick, else the one main chose. */
export const talkingFace = (state: Pick<CreateState, 'photo' | 'faceIndex'>): number => state.faceIndex ?? state.photo?.chosenFace ?? 0;

/** Why Generate cannot run yet, as a sentence; null when it can. */
export function generateBlocker(state: CreateState): string | null {
  if (state.importing) return 'Wait for the photo to finish.';
  if (state.useRecording && state.importingRecording) return 'Wait for the recording to finish.';
  if (!state.photo) return 'Add a photo first.';
  const over = state.script.length - MAX_SCRIPT_CHARS;
  if (over > 0) return `Shorten the script by ${over.toLocaleString()} characters.`;
  const target = targetLengthCheck(state);
  if (target && !target.fits) return target.sentence;
  if (state.useRecording) return state.recording || state.audioPath.trim() ? null : 'Choose your recording, or let the computer voice read the script.';
  return state.script.trim() ? null : 'Type a script for the photo to say.';
}

/** The script's first sentence, short enough for a preview; undefined for the language's sample. */
export function firstSentence(script: string): string | undefined {
  const text = script.trim().replace(/\s+/gu, ' ');
  if (!text) return undefined;
  // Latin stops end a sentence before a space; CJK and Devanagari stops end one wherever they stand.
  const end = text.search(/[.!?](\s|$)|[。！？।]/u);
  const sentence = end === -1 ? text : text.slice(0, end + 1);
  if (sentence.length <= MAX_PREVIEW_CHARS) return sentence;
  const cut = sentence.slice(0, MAX_PREVIEW_CHARS);
  const space = cut.lastIndexOf(' ');
  return space > MAX_PREVIEW_CHARS / 2 ? cut.slice(0, space) : cut;
}

export type JobEstimate = ResponseValue<'jobs:estimate'>;

/** What a new form starts with, from Settings. */
export interface FormDefaults {
  language: LanguageCode;
  voice: string | null;
  platforms: readonly PlatformId[];
  /** The voice last chosen per language (Settings' `voiceByLanguage`). */
  voiceByLanguage?: Partial<Record<LanguageCode, string>>;
}

/** `videoSize` is read at Generate: the frame Settings asks for, or `auto` for the engine's choice. */
export function createCreateStore(transport: Transport, defaults: FormDefaults, videoSize: () => VideoSize = () => 'auto'): CreateStore {
  return createStore<CreateState>()((set, get) => {
    let started: Promise<void> | null = null;
    let importRequest = 0;
    let recordingRequest = 0;
    let saveTimer: ReturnType<typeof setTimeout> | undefined;
    // The creator changed something that is not saved yet.
    let unsaved = false;
    // The form is the creator's (edited, or filled from their draft): neither a late draft nor Settings' defaults replace it.
    let touched = false;
    // A project made by a Generate whose enqueue was refused: the next Generate queues it instead of making another.
    let madeProject: string | null = null;

    const saveLater = (): void => {
      touched = true;
      unsaved = true;
      madeProject = null;
      clearTimeout(saveTimer);
      if (get().restored) saveTimer = setTimeout(() => void save(), DRAFT_SAVE_DELAY_MS);
    };

    const save = async (): Promise<void> => {
      clearTimeout(saveTimer);
      if (!unsaved || !get().restored) return;
      unsaved = false;
      const state = get();
      const photo = state.photo ? { photoToken: state.photo.photoToken, faceIndex: state.faceIndex } : null;
      const recording = state.recording ? { recordingToken: state.recording.recordingToken } : null;
      const answer = await transport.invoke('drafts:save', { draft: draftOf(state, photo, recording) });
      set({ draftProblem: answer.ok ? null : { when: 'save', error: answer.error } });
    };

    const urlsOf = (photo: ImportedPhoto | null): PhotoUrls | null => photo && { original: transport.mediaUrl(photo.preview), enhanced: transport.mediaUrl(photo.enhanced) };
    /** The cleaned take, and the raw one for the before/after. */
    const recordingUrls = (recording: ImportedRecording | null): { recordingUrl: string | null; rawRecordingUrl: string | null } => ({
      recordingUrl: recording && transport.mediaUrl(recording.preview),
      rawRecordingUrl: recording?.rawPreview ? transport.mediaUrl(recording.rawPreview) : null,
    });

    // The voice chosen per language, as Settings keeps it; a new choice is remembered at once.
    let remembered: Partial<Record<LanguageCode, string>> = { ...defaults.voiceByLanguage };
    const loadVoices = async (language: LanguageCode): Promise<void> => {
      const answer = await transport.invoke('voices:list', { language });
      if (!answer.ok || get().language !== language) return;
      const listed = answer.value.voices;
      // The form's own pick first, else the one remembered for this language.
      const wanted = get().voice ?? remembered[language] ?? null;
      const found = listed.find((v) => v.id === wanted);
      const gone = wanted !== null && !found && wanted.startsWith('system:');
      const fallback = listed.find((v) => v.isDefault);
      set({
        voices: listed,
        voice: found && !found.isDefault ? found.id : null,
        voiceNotice: gone ? `The voice “${wanted.split(':').slice(3).join(':')}” is no longer on this computer: ${fallback ? `“${fallback.label}”` : 'the default voice'} speaks instead.` : null,
      });
    };

    /** Both ways in end here: the latest photo asked for wins; a refused one leaves the last good photo showing. */
    const imported = (request: number, answer: IpcResponse<ImportedPhoto>): void => {
      if (request !== importRequest) return;
      if (!answer.ok) return set({ importing: null, photoError: answer.error });
      set({ importing: null, photoError: null, photo: answer.value, photoUrls: urlsOf(answer.value), faceIndex: null });
      saveLater();
    };

    return {
      ...emptyForm(defaults),
      engine: null,
      photo: null,
      photoUrls: null,
      faceIndex: null,
      importing: null,
      photoError: null,
      recording: null,
      recordingUrl: null,
      rawRecordingUrl: null,
      importingRecording: null,
      recordingError: null,
      voices: [],
      hearing: false,
      voiceError: null,
      voiceNotice: null,
      generating: false,
      error: null,
      restored: false,
      draftProblem: null,

      init() {
        started ??= (async () => {
          const [status, saved] = await Promise.all([transport.invoke('engine:status'), transport.invoke('drafts:get')]);
          if (status.ok) set({ engine: status.value });
          if (!saved.ok) set({ draftProblem: { when: 'restore', error: saved.error } });
          if (saved.ok && saved.value.draft && !touched) {
            const { draft, photo } = saved.value;
            const recording = saved.value.recording ?? null;
            const faceIndex = photo && draft.faceIndex !== undefined && draft.faceIndex < photo.faces.length ? draft.faceIndex : null;
            touched = true;
            set({ ...formOf(draft), photo, photoUrls: urlsOf(photo), faceIndex, recording, ...recordingUrls(recording) });
          }
          set({ restored: true });
          // Changes made while the draft was on its way are saved now that it cannot overwrite them.
          if (unsaved) saveLater();
          await loadVoices(get().language);
        })();
        return started;
      },

      async importFile(file) {
        const request = ++importRequest;
        if (file.size > MAX_PHOTO_BYTES) {
          return set({ importing: null, photoError: { code: 'FILE_TOO_LARGE', message: photoTooLargeMessage(file.size) } });
        }
        const name = (file.name || 'Pasted photo').slice(-MAX_PHOTO_NAME_CHARS);
        set({ importing: { name, stage: 'reading' }, photoError: null });
        let bytesBase64: string;
        try {
          bytesBase64 = await readAsBase64(file);
        } catch {
          if (request === importRequest) set({ importing: null, photoError: { code: 'FILE_UNREADABLE', message: 'This file could not be read: choose it again, or copy it to this computer first.' } });
          return;
        }
        if (request !== importRequest) return;
        set({ importing: { name, stage: 'checking' } });
        imported(request, await transport.invoke('photos:import', { name, bytesBase64 }));
      },

      async pickPhoto() {
        const picked = await transport.invoke('dialog:pickPhoto');
        if (!picked.ok) return set({ photoError: picked.error });
        const path = picked.value.path;
        if (!path) return;
        const request = ++importRequest;
        set({ importing: { name: path.split(/[\\/]/).filter(Boolean).pop() ?? path, stage: 'checking' }, photoError: null });
        imported(request, await transport.invoke('photos:importPath', { path }));
      },

      async importRecording(file) {
        const request = ++recordingRequest;
        if (file.size > MAX_AUDIO_BYTES) {
          return set({ importingRecording: null, recordingError: { code: 'FILE_TOO_LARGE', message: recordingTooLargeMessage(file.size) } });
        }
        const name = (file.name || 'Recording').slice(-MAX_PHOTO_NAME_CHARS);
        set({ importingRecording: name, recordingError: null });
        let bytesBase64: string;
        try {
          bytesBase64 = await readAsBase64(file);
        } catch {
          if (request === recordingRequest)
            set({ importingRecording: null, recordingError: { code: 'FILE_UNREADABLE', message: 'This file could not be read: choose it again, or copy it to this computer first.' } });
          return;
        }
        if (request !== recordingRequest) return;
        const answer = await transport.invoke('recordings:import', { name, bytesBase64 });
        if (request !== recordingRequest) return;
        if (!answer.ok) return set({ importingRecording: null, recordingError: answer.error });
        set({ importingRecording: null, recordingError: null, recording: answer.value, ...recordingUrls(answer.value), useRecording: true, error: null });
        saveLater();
      },

      keepRaw(on) {
        // Saved with the draft, so a reopened form still keeps (or cleans) the take.
        get().edit({ keepRawVoice: on });
      },

      chooseFace(index) {
        const photo = get().photo;
        if (!photo || index < 0 || index >= photo.faces.length || index === talkingFace(get())) return;
        set({ faceIndex: index });
        saveLater();
      },

      edit(changes) {
        set({ ...changes, error: null });
        saveLater();
      },

      adoptDefaults({ language, voice, platforms, voiceByLanguage }) {
        if (voiceByLanguage) remembered = { ...voiceByLanguage };
        if (touched) return;
        const changed = language !== get().language;
        set({ platforms: [...platforms], voice, ...(changed ? { language, voices: [] } : {}) });
        if (changed) void loadVoices(language);
      },

      async setLanguage(language) {
        get().edit({ language, voice: null });
        set({ voices: [], voiceError: null, voiceNotice: null });
        await loadVoices(language);
      },

      chooseVoice(voice) {
        const { language } = get();
        get().edit({ voice });
        set({ voiceNotice: null });
        const voiceId = voice ?? get().voices.find((v) => v.isDefault)?.id ?? null;
        if (voiceId) remembered = { ...remembered, [language]: voiceId };
        else delete remembered[language];
        // Remembered for the next video in this language; a refusal only costs the memory.
        void transport.invoke('settings:set', { voiceByLanguage: { [language]: voiceId } });
      },

      togglePlatform(platform) {
        const platforms = get().platforms;
        get().edit({ platforms: platforms.includes(platform) ? platforms.filter((id) => id !== platform) : [...platforms, platform] });
      },

      chooseMotion(changes) {
        get().edit({ motion: { ...get().motion, ...changes } });
      },

      resetMotion() {
        get().edit({ motion: {} });
      },

      async previewVoice() {
        const { language, voice, script } = get();
        set({ hearing: true, voiceError: null });
        const text = firstSentence(script);
        const answer = await transport.invoke('voices:preview', { language, ...(voice ? { voice } : {}), ...(text ? { text } : {}) });
        set({ hearing: false, voiceError: answer.ok ? null : answer.error });
        return answer.ok ? transport.mediaUrl(answer.value.audio) : null;
      },

      async generate() {
        const state = get();
        if (state.generating || generateBlocker(state) !== null || !state.photo) return false;
        clearTimeout(saveTimer);
        set({ generating: true, error: null });
        const refused = (error: IpcError): false => {
          set({ generating: false, error });
          return false;
        };

        let projectId = madeProject;
        if (projectId === null) {
          const title = state.title.trim();
          const created = await transport.invoke('projects:create', {
            type: state.workflowType,
            photoToken: state.photo.photoToken,
            ...(state.faceIndex !== null ? { faceIndex: state.faceIndex } : {}),
            language: state.language,
            platforms: state.platforms,
            ...(title ? { title } : {}),
            ...(state.script.trim() ? { script: state.script } : {}),
            // The voice speaks the script; an own recording is its own voice.
            ...(state.voice && !state.useRecording ? { voice: state.voice } : {}),
            ...(state.useRecording ? (state.recording ? { recordingToken: state.recording.recordingToken } : { audioPath: state.audioPath.trim() }) : {}),
            // The project keeps the choice: a render again (a retry, a duplicate) keeps the raw take too.
            ...(state.useRecording && state.keepRawVoice ? { rawVoice: true } : {}),
            ...(state.targetSeconds !== null ? { targetDurationS: state.targetSeconds } : {}),
            // What the creator saw on the button they pressed; no figure when main had not answered.
            ...(state.estimate ? { estimatedCostUsd: state.estimate.costUsd } : {}),
          });
          if (!created.ok) return refused(created.error);
          projectId = madeProject = created.value.projectId;
        }
        const raw = state.useRecording && state.keepRawVoice ? { rawVoice: true } : {};
        // Only the controls the creator set: the rest stay the engine's (and its quality gate's) to choose.
        const motion = choseNothing(state.motion) ? {} : { motion: state.motion };
        const queued = await transport.invoke('jobs:enqueue', {
          projectId,
          ...frameOfSize(videoSize()),
          burnCaptions: state.burnCaptions,
          coverTitle: state.coverTitle,
          trim: state.trim,
          ...raw,
          ...motion,
        });
        if (!queued.ok) return refused(queued.error);

        // Made and queued: the next video starts from a clean form with the same choices.
        madeProject = null;
        unsaved = false;
        set({
          generating: false,
          photo: null,
          photoUrls: null,
          faceIndex: null,
          photoError: null,
          script: '',
          title: '',
          useRecording: false,
          audioPath: '',
          recording: null,
          recordingUrl: null,
          rawRecordingUrl: null,
          keepRawVoice: false,
          recordingError: null,
        });
        const cleared = await transport.invoke('drafts:save', { draft: null });
        set({ draftProblem: cleared.ok ? null : { when: 'save', error: cleared.error } });
        return true;
      },

      saveDraftNow: save,

      estimate: null,
      async refreshEstimate() {
        const state = get();
        const recordingSeconds = state.useRecording ? state.recording?.durationS : undefined;
        const frame = frameOfSize(videoSize());
        const answer = await transport.invoke('jobs:estimate', {
          scriptChars: Math.min([...state.script.trim()].length, MAX_SCRIPT_CHARS),
          ...(recordingSeconds !== undefined ? { recordingSeconds } : {}),
          platforms: state.platforms.length,
          ...frame,
        });
        // No answer (a dropped link): the form says it is still working the time out.
        set({ estimate: answer.ok ? answer.value : null });
      },
    };
  });
}
