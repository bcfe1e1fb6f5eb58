import { z } from 'zod';
import { CreateDraftSchema, type CreateDraft } from '../../../src-shared/ipc/creator-channels.js';
import { getSetting, setSetting, type Library } from '../library/index.js';

/**
 * The Create form's autosave: one row in the library's settings, so it survives a
 * restart, travels with "export all my data" and goes with "delete everything". A save
 * is one small upsert (atomic in SQLite), cheap enough to run on every pause in typing.
 */

const SETTING_KEY = 'creator.draft';

const StoredSchema = z.object({ savedAt: z.iso.datetime(), draft: CreateDraftSchema });

export interface SavedFormDraft {
  draft: CreateDraft;
  savedAt: string;
}

/**
 * The saved form, or null. A value this version cannot read (written by a newer one, or
 * damaged) reads as no draft: the form starts empty rather than failing to open.
 */
export function loadFormDraft(library: Library): SavedFormDraft | null {
  const parsed = StoredSchema.safeParse(getSetting(library, SETTING_KEY));
  return parsed.success ? parsed.data : null;
}

/** Replaces the saved form; null forgets it. Answers when it was saved. */
export function saveFormDraft(library: Library, draft: CreateDraft | null, now = Date.now()): string | null {
  if (draft === null) {
    setSetting(library, SETTING_KEY, undefined);
    return null;
  }
  const savedAt = new Date(now).toISOString();
  setSetting(library, SETTING_KEY, { savedAt, draft: CreateDraftSchema.parse(draft) });
  return savedAt;
}
