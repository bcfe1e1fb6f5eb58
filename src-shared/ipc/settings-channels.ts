import { z } from 'zod';
import { PreferencesChangeSchema, PreferencesSchema } from '../preferences.js';
import { NoPayload, requestChannel } from './channel.js';
import { ProjectIdSchema } from './library-channels.js';

/**
 * Settings: the creator's preferences (kept by main in the library, so the desktop app
 * and the browser agree), where the library lives, and the kit saved as a folder.
 */

export const LibraryLocationSchema = z.object({
  folder: z.string(),
  /** Where the library moves at the next start; null when no move waits. */
  movingTo: z.string().nullable(),
  /** Why the last move did not happen. */
  problem: z.string().nullable(),
});

export const SettingsSchema = z.object({ preferences: PreferencesSchema, library: LibraryLocationSchema });
export type SettingsAnswer = z.output<typeof SettingsSchema>;

/** A folder typed by its full path: read by the host only (the desktop app asks with a dialog). */
const TypedFolder = z.string().min(1).max(4096).optional();

export const SETTINGS_REQUESTS = {
  'settings:get': requestChannel(NoPayload, SettingsSchema),
  /** Changes some preferences and answers all of them as saved. */
  'settings:set': requestChannel(PreferencesChangeSchema, SettingsSchema),
  /**
   * Moves the library to an empty folder at the next start (choosing its current folder
   * cancels a waiting move). `moved: false` when the dialog was dismissed.
   */
  'library:move': requestChannel(z.strictObject({ folder: TypedFolder }), SettingsSchema.extend({ chosen: z.boolean() })),
  /** Opens the library's folder in the system file manager (desktop only). */
  'shell:showLibrary': requestChannel(NoPayload, z.object({})),
  /**
   * Writes the project's kit as a folder `<title> kit` inside the chosen folder and, in
   * the desktop app, shows it in the file manager. `folder` null: dismissed.
   */
  'projects:saveKit': requestChannel(z.strictObject({ projectId: ProjectIdSchema, destination: TypedFolder }), z.object({ folder: z.string().nullable(), files: z.number() })),
} as const;
