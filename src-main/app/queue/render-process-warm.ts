/**
 * The render process's first act, when its parent asked for it (WARM_FACE_ARG): the face
 * model's thread boots (about 1 s of a core) while the process's own code loads and the
 * request arrives, instead of after them; renderProject then takes the warm session
 * (face-session.ts), and releases it if the render never used it. Imported first by
 * render-process-entry.ts, so in the built app (one bundled file) it runs before anything
 * else is evaluated: the same head start `tp render` gets (doors/cli/face-warm-start.ts).
 */
import { warmFaceSession } from '../../engine/face/face-session.js';
import { WARM_FACE_ARG } from './render-process-messages.js';

if (process.argv.includes(WARM_FACE_ARG)) warmFaceSession();
