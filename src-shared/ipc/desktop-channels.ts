import { z } from 'zod';
import { Done, IdSchema, NoPayload, requestChannel } from './channel.js';

/**
 * What only the operating system can do for the window: native file dialogs and the
 * file manager. The headless host answers the dialogs with `NOT_SUPPORTED` (a browser
 * tab has no native dialog; the creator types a path there instead, see
 * `capabilities` in `engine:status`).
 */

const Picked = z.object({ path: z.string().nullable() });

export const DESKTOP_REQUESTS = {
  /** The chosen photo's path, or null when the dialog was dismissed. */
  'dialog:pickPhoto': requestChannel(NoPayload, Picked),
  /** The chosen folder, or null when the dialog was dismissed. */
  'dialog:pickOutputFolder': requestChannel(NoPayload, Picked),
  /** Reveals a finished render's video in the system file manager. */
  'shell:showInFolder': requestChannel(z.strictObject({ renderId: IdSchema }), Done),
} as const;
