import { z } from 'zod';
import { IdSchema } from './channel.js';

/**
 * A file main shares with the window, named without its path: `root` is an opaque id main
 * gave the folder holding it (the library, a draft), `path` is relative to it. Each
 * transport turns it into a URL its page can load (the host's `/media/…` route, the
 * desktop app's media protocol).
 */
export const MediaRefSchema = z.object({ root: IdSchema, path: z.string().min(1).max(255) });
export type MediaRef = z.infer<typeof MediaRefSchema>;
