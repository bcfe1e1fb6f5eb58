/**
 * Boots the face model's thread as the first thing `tp render` and `tp demo` do: imported
 * first by tp-commands.ts, so in the built CLI (one bundled file) the thread starts before
 * the rest of the command line's code is even evaluated, and its boot (about 1 s of a
 * core) overlaps that loading instead of following it. A command that turns out to be
 * refused closes it again (runTp's finally).
 */
import { warmFaceSession } from '../../engine/face/face-session.js';
import { asksForRender } from './render-command.js';

if (asksForRender(process.argv) && !process.argv.includes('--help') && !process.argv.includes('-h')) warmFaceSession();
