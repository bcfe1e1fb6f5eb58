import { createRequire } from 'node:module';
import type SharpFunction from 'sharp';

/**
 * sharp, loaded with `require` rather than `import`. Its ESM entry imports CommonJS
 * packages (detect-libc, semver, @img/colour), and Node reads the exports of every CommonJS
 * file an ESM module imports with its JavaScript export lexer. Over the 60 KB a render
 * imported that way (sharp's in two threads, yazl's, pino's), the lexer's main loop turned
 * hot and V8 compiled it with TurboFan four times, 0.9 s of background-thread CPU in a
 * traced 10 s render (`node --trace-opt`: parseSource), on cores the drawing and x264 need.
 * `require` loads the same package's CommonJS build without the lexer.
 */
const require = createRequire(import.meta.url);
const sharp: typeof SharpFunction = require('sharp');
export default sharp;
