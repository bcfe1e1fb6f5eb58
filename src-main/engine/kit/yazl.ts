import { createRequire } from 'node:module';

/** yazl (33 KB of CommonJS), required rather than imported: media/sharp.ts says why. */
export const yazl = createRequire(import.meta.url)('yazl') as typeof import('yazl');
