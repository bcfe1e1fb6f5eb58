import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './import-graph.js';

/**
 * eslint.config.mjs, run through ESLint's own API on snippets placed at paths in the tree:
 * the rules `npm run lint` holds in CI (and in the editor) catch what they are there for,
 * and let through what the code's conventions allow.
 */
const eslint = new ESLint({ cwd: REPO_ROOT });

async function rulesBroken(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}:${message.line}`);
}

describe('the lint configuration', () => {
  it('refuses electron in an engine, app or CLI file, and takes it in the Electron door', async () => {
    const code = "import { app } from 'electron';\nexport const name = app.getName();\n";
    expect(await rulesBroken(code, 'src-main/engine/pipeline/window-title.ts')).toEqual(['no-restricted-imports:1']);
    expect(await rulesBroken(code, 'src-main/app/library/window-title.ts')).toEqual(['no-restricted-imports:1']);
    expect(await rulesBroken("export { ipcMain } from 'electron/main';\n", 'src-main/doors/cli/ipc.ts')).toEqual(['no-restricted-imports:1']);
    expect(await rulesBroken(code, 'src-main/doors/electron/window-title.ts')).toEqual([]);
  });

  it('says where electron belongs', async () => {
    const [result] = await eslint.lintText("import 'electron';\n", { filePath: 'src-main/engine/encode/x.ts' });
    expect(result?.messages[0]?.message).toMatch(/Only src-main\/doors\/electron\/ imports electron/);
  });

  it('takes _-prefixed names as kept on purpose, and flags other unused ones', async () => {
    const kept =
      'export function onEvent(_event: unknown, payload: string): string {\n  const [_first, second] = payload.split(",");\n  const { secret: _secret, ...rest } = { secret: 1, shown: 2 };\n  return `${second}${rest.shown}`;\n}\n';
    expect(await rulesBroken(kept, 'src-main/engine/voice/x.ts')).toEqual([]);
    expect(await rulesBroken('export function f(): void {\n  const leftover = 1;\n}\n', 'src-main/engine/voice/x.ts')).toEqual(['@typescript-eslint/no-unused-vars:2']);
  });

  it('holds the renderer to the rules of hooks', async () => {
    const code = "import { useEffect } from 'react';\nexport function View({ on }: { on: boolean }) {\n  if (on) useEffect(() => { document.title = 'x'; });\n  return null;\n}\n";
    expect(await rulesBroken(code, 'src-renderer/components/View.tsx')).toEqual(['react-hooks/rules-of-hooks:3']);
  });

  // TypeScript finds undefined names in .ts files; in the JavaScript ones (workers, packaging scripts) ESLint does.
  it('knows Node globals in a JavaScript file and flags a name nothing defines', async () => {
    expect(await rulesBroken('export const home = process.env.HOME;\n', 'src-main/engine/workers/home.mjs')).toEqual([]);
    expect(await rulesBroken('export const home = proces.env.HOME;\n', 'src-main/engine/workers/home.mjs')).toEqual(['no-undef:1']);
  });

  it('lints the tree it should and leaves built output alone', async () => {
    expect(await eslint.isPathIgnored('dist/main/src-main/doors/electron/main.js')).toBe(true);
    expect(await eslint.isPathIgnored('src-shared/errors.d.ts')).toBe(true);
    expect(await eslint.isPathIgnored('src-main/doors/electron/preload.cts')).toBe(false);
    expect(await eslint.isPathIgnored('tests/support/no-keytar.cjs')).toBe(false);
  });
});
