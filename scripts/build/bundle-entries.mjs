// @ts-check
/**
 * Bundles the compiled engine's render entries in place (issue 15: the default render's
 * time). tsc leaves about 490 ES modules for a render to load, and Node resolves, reads,
 * links and evaluates each one before the render starts: 0.45–0.55 s of one core on the
 * two-core machine (drizzle-orm's 113 modules and zod's 95 among them). One file takes
 * about 0.19 s. So `tp`'s commands (the CLI, which the bench runs) and the desktop app's
 * render process each become one file at the path tsc gave them. `tp.js` itself stays
 * small: for a render it only starts the lean process that does it (doors/cli/tp.ts), and
 * reading the whole bundle first cost that launcher 0.1 s. The rest of the compiled tree
 * stays where it was, for the worker threads and child processes that start from their
 * own files.
 *
 * Modules find files next to themselves through `import.meta.url` (the face model, the
 * migrations, eSpeak's worker, the samples): inside a bundle that URL would be the
 * bundle's, so each module's `import.meta.url` is rewritten to its own compiled file's
 * URL, relative to the bundle, and every path resolves as it did unbundled.
 *
 * Packages are inlined only when they are plain JavaScript that reads nothing from disk
 * (INLINED_PACKAGES); native addons, wasm and model files, and packages that start
 * workers from their own folder (pino) stay in node_modules and are loaded from there.
 *
 * `node scripts/build/bundle-entries.mjs dist/main` (npm run build:main runs it).
 */
import { readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** The compiled entries bundled, relative to the compiled tree's root (tsc's outDir). */
export const BUNDLED_ENTRIES = /** @type {const} */ (['src-main/doors/cli/tp-commands.js', 'src-main/app/queue/render-process-entry.js']);

/**
 * Plain-JavaScript packages inlined into the bundles. Any other package is left to Node
 * (a native addon, a wasm or model file beside it, or a worker started from its folder
 * cannot move).
 */
export const INLINED_PACKAGES = new Set([
  'drizzle-orm',
  'zod',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer/inflate',
  '@tokenizer/token',
  '@borewit/text-codec',
  'uint8array-extras',
  'ieee754',
  'commander',
  'delaunator',
  'robust-predicates',
]);

/** @param {string} specifier a bare import, e.g. `drizzle-orm/sqlite-core` */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * Each module's own URL in place of the bundle's.
 * @param {string} compiledRoot
 * @param {string} bundleDir
 * @returns {import('esbuild').Plugin}
 */
function ownModuleUrls(compiledRoot, bundleDir) {
  return {
    name: 'own-module-urls',
    setup(plugin) {
      plugin.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || !INLINED_PACKAGES.has(packageName(args.path))) return { external: true };
        return undefined;
      });
      plugin.onLoad({ filter: /\.m?js$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!args.path.startsWith(compiledRoot + path.sep) || !text.includes('import.meta.url')) return { contents: text, loader: 'js', resolveDir: path.dirname(args.path) };
        let relative = path.relative(bundleDir, args.path).split(path.sep).join('/');
        if (!relative.startsWith('.')) relative = `./${relative}`;
        const ownUrl = `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
        return { contents: text.replaceAll('import.meta.url', ownUrl), loader: 'js', resolveDir: path.dirname(args.path) };
      });
    },
  };
}

/**
 * Bundles `entries` of the compiled tree at `compiledRoot`, each in place. An entry that
 * fails to bundle is left as tsc wrote it, and the error thrown.
 * @param {string} compiledRoot tsc's outDir, e.g. dist/main
 * @param {readonly string[]} [entries] relative to compiledRoot
 * @returns {Promise<Array<{ entry: string; modules: number; bytes: number }>>}
 */
export async function bundleEntries(compiledRoot, entries = BUNDLED_ENTRIES) {
  const root = path.resolve(compiledRoot);
  /** @type {Array<{ entry: string; modules: number; bytes: number }>} */
  const done = [];
  for (const entry of entries) {
    const file = path.join(root, entry);
    const staged = `${file}.bundling`;
    try {
      const result = await build({
        entryPoints: [file],
        outfile: staged,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        sourcemap: 'linked',
        metafile: true,
        logLevel: 'warning',
        plugins: [ownModuleUrls(root, path.dirname(file))],
        // Inlined CommonJS packages (commander) require Node's built-ins.
        banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);" },
      });
      renameSync(staged, file);
      renameSync(`${staged}.map`, `${file}.map`);
      const output = Object.values(result.metafile.outputs).find((out) => out.entryPoint !== undefined);
      done.push({ entry, modules: Object.keys(result.metafile.inputs).length, bytes: output?.bytes ?? 0 });
    } finally {
      rmSync(staged, { force: true });
      rmSync(`${staged}.map`, { force: true });
    }
  }
  return done;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const root = process.argv[2];
  if (root === undefined) {
    process.stderr.write('Usage: node scripts/build/bundle-entries.mjs COMPILED_ROOT (e.g. dist/main)\n');
    process.exit(2);
  }
  for (const { entry, modules, bytes } of await bundleEntries(root)) console.log(`bundled ${entry}: ${modules} modules, ${(bytes / 1e6).toFixed(2)} MB`);
}
