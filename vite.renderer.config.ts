import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The renderer bundle the desktop window loads with `loadFile('dist/renderer/index.html')`. */
export default defineConfig({
  root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
  // Relative asset URLs: the page is opened from a file:// path (inside app.asar when packaged).
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Electron 41 bundles a far newer Chromium than this target; no polyfills or legacy syntax needed.
    target: 'chrome130',
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
