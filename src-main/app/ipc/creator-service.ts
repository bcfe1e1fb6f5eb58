import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import { CreateDraftSchema, type ImportedPhoto, type ImportedRecording } from '../../../src-shared/ipc/creator-channels.js';
import { loadFormDraft, saveFormDraft } from '../drafts/form-draft.js';
import { DRAFT_FILES, type PhotoDraft, type PhotoDrafts } from '../drafts/photo-drafts.js';
import { RECORDING_FILES, type RecordingDraft, type RecordingDrafts } from '../drafts/recording-drafts.js';
import type { Library } from '../library/index.js';
import type { MediaFolders } from '../media-access/media-access.js';
import type { VoicePreviews } from '../../engine/voice/voice-preview.js';
import type { HandlerMap } from './dispatcher.js';
import type { PlatformShell } from './platform-shell.js';

type CreatorChannel = 'photos:import' | 'recordings:import' | 'photos:importPath' | 'voices:preview' | 'drafts:get' | 'drafts:save';

export interface CreatorServices {
  library: Library;
  shell: PlatformShell;
  media: MediaFolders;
  drafts: PhotoDrafts;
  previews: VoicePreviews;
  recordings: RecordingDrafts;
}

/**
 * The Create form's channels: photos checked and enhanced as they are dropped, voice
 * previews, and the form's autosave. A draft's files are shared with the window one by
 * one (the preview and the enhanced photo), never the bytes it was sent or the folder.
 */
export function creatorHandlers({ library, shell, media, drafts, previews, recordings }: CreatorServices): Pick<HandlerMap, CreatorChannel> {
  const shareDraft = async (token: string, draft: PhotoDraft): Promise<ImportedPhoto> => {
    const root = await media.allow(await drafts.folderOf(token), { only: [DRAFT_FILES.preview, DRAFT_FILES.enhanced] });
    return {
      photoToken: token,
      width: draft.width,
      height: draft.height,
      faces: draft.faces,
      chosenFace: draft.chosenFace,
      quality: draft.quality,
      preview: { root, path: DRAFT_FILES.preview },
      enhanced: { root, path: DRAFT_FILES.enhanced },
    };
  };

  /** Only the normalised WAVs (cleaned, and as recorded) are shared, never the stored take or the record. */
  const shareRecording = async (token: string, draft: RecordingDraft): Promise<ImportedRecording> => {
    const folder = await recordings.folderOf(token);
    // A recording imported before the cleanup existed has no raw preview.
    const raw = await stat(path.join(folder, RECORDING_FILES.rawPreview)).then(
      () => true,
      () => false,
    );
    const root = await media.allow(folder, { only: raw ? [RECORDING_FILES.preview, RECORDING_FILES.rawPreview] : [RECORDING_FILES.preview] });
    return {
      recordingToken: token,
      name: draft.name,
      durationS: draft.durationS,
      preview: { root, path: RECORDING_FILES.preview },
      ...(raw ? { rawPreview: { root, path: RECORDING_FILES.rawPreview } } : {}),
    };
  };
  /** The saved form's recording, or null when it was swept or deleted (the form comes back without it). */
  const savedRecording = async (token: string | undefined): Promise<ImportedRecording | null> => {
    if (token === undefined) return null;
    try {
      return await shareRecording(token, await recordings.read(token));
    } catch (error) {
      if (!isTalkingPhotoError(error)) throw error;
      return null;
    }
  };

  return {
    'recordings:import': async ({ name, bytesBase64 }) => {
      const { token, draft } = await recordings.importBytes(name, Buffer.from(bytesBase64, 'base64'));
      return shareRecording(token, draft);
    },
    'photos:import': async ({ name, bytesBase64 }) => {
      const { token, draft } = await drafts.importBytes(name, Buffer.from(bytesBase64, 'base64'));
      return shareDraft(token, draft);
    },
    'photos:importPath': async ({ path: file }) => {
      // The desktop app takes only what its own dialog returned; the host, a full path.
      shell.checkInputFiles({ photoPath: file });
      const { token, draft } = await drafts.importFile(file);
      return shareDraft(token, draft);
    },
    'voices:preview': async (request) => {
      const clip = await previews.preview(request);
      const name = path.basename(clip.file);
      const root = await media.allow(path.dirname(clip.file), { only: [name] });
      return { audio: { root, path: name }, durationS: clip.durationS };
    },
    'drafts:get': async () => {
      const saved = loadFormDraft(library);
      if (!saved) return { draft: null, photo: null, recording: null, savedAt: null };
      const recording = await savedRecording(saved.draft.recordingToken);
      const { recordingToken: _recordingToken, ...withoutRecording } = saved.draft;
      const draft = recording || saved.draft.recordingToken === undefined ? saved.draft : CreateDraftSchema.parse(withoutRecording);
      const { photoToken, faceIndex: _faceIndex, ...rest } = draft;
      if (photoToken === undefined) return { draft, photo: null, recording, savedAt: saved.savedAt };
      try {
        return { draft, photo: await shareDraft(photoToken, await drafts.read(photoToken)), recording, savedAt: saved.savedAt };
      } catch (error) {
        if (!isTalkingPhotoError(error)) throw error;
        // The photo was swept or deleted: the form comes back without it rather than not at all.
        return { draft: CreateDraftSchema.parse(rest), photo: null, recording, savedAt: saved.savedAt };
      }
    },
    'drafts:save': async ({ draft }) => {
      const savedAt = saveFormDraft(library, draft);
      if (draft?.photoToken !== undefined) await drafts.touch(draft.photoToken);
      // Recording drafts live in the same folder, so the same touch spares them the sweep.
      if (draft?.recordingToken !== undefined) await drafts.touch(draft.recordingToken);
      return { savedAt };
    },
  };
}
