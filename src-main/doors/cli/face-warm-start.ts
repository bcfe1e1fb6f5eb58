/**
 * Boots the face model's thread as the first thing `tp render` and `tp demo` do: imported
 * first by tp-commands.ts, so in the built CLI (one bundled file) the thread starts before
 * the rest of the command line's code is even evaluated. A render then never waits for the
 * model (about 0.5 s on two cores). A command that turns out to be refused or only asks
 * for help closes it again (runTp's finally).
 */
import { warmFaceSession } from '../../engine/face/face-session.js';

const RENDERING = new Set(['render', 'demo']);
const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
if (command !== undefined && RENDERING.has(command) && !process.argv.includes('--help') && !process.argv.includes('-h')) warmFaceSession();
