import { z } from 'zod';
import { NoPayload, requestChannel } from './channel.js';

/**
 * What only the operating system can do for the window: the native photo dialog. The
 * headless host answers it with `NOT_SUPPORTED` (a browser tab has no native dialog; the
 * page takes the photo's bytes there instead, see `capabilities` in `engine:status`).
 */

const Picked = z.object({ path: z.string().nullable() });

export const DESKTOP_REQUESTS = {
  /** The chosen photo's path, or null when the dialog was dismissed. */
  'dialog:pickPhoto': requestChannel(NoPayload, Picked),
} as const;
