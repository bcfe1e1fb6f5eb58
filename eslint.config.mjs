// `npm run lint`. The rules the code already follows, so they stay followed. Syntax-only on
// purpose: typescript-eslint's type-aware rules would build a TypeScript program per run,
// too slow on a two-core machine, and `npm run typecheck` already holds the types.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Built, packaged, generated or downloaded: not ours to lint. (Flat config does not read .gitignore.)
    ignores: ['**/node_modules/', 'dist/', 'release/', 'out/', 'drizzle/', 'server/drizzle/', 'test-results/', 'playwright-report/', 'coverage/', 'demo-output/', '.tp-tmp/', 'tmp/', '**/*.d.ts'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore marks an argument, variable or destructured name kept on purpose
      // (a callback's position, a rest sibling that strips a field).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // A `let` read before its one assignment stays a `let`: a cleanup closure that may run before the
      // timer or server it clears exists (const would throw there, in its temporal dead zone).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // The layer line, shown in the editor as well: only the Electron door imports Electron, so the
      // engine, the app's services, the CLI and the host run in plain Node.
      // tests/architecture/layers.test.ts stays the authority (it also sees import() and require()).
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src-main/doors/electron/ imports electron; the rest of the app runs in plain Node (docs/ARCHITECTURE.md, Layers).' }],
          patterns: [{ group: ['electron/*'], message: 'Only src-main/doors/electron/ imports electron; the rest of the app runs in plain Node (docs/ARCHITECTURE.md, Layers).' }],
        },
      ],
    },
  },
  {
    // Everything runs in Node except the renderer, whose window has no Node (sandboxed, contextIsolation).
    ignores: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src-main/doors/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs['recommended-latest'].rules,
  },
  {
    // The renderer's tests run in Node (vitest with happy-dom).
    files: ['src-renderer/**/*.test.{ts,tsx}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // CommonJS test fixtures (tests/support/*.cjs) use require and module.exports.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
