import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, REPO_ROOT, sourceFiles, type ImportEdge } from './import-graph.js';

/**
 * The layers of src-main (docs/ARCHITECTURE.md draws them): the front doors use the app's
 * services, which use the engine and the cloud providers, which use only src-shared.
 * A layer never reaches up, so the engine runs (and is tested) in plain Node with no
 * library, licence or window behind it, and a provider cannot read the library.
 */
type Layer = 'doors' | 'app' | 'cloud' | 'engine' | 'shared' | 'renderer' | 'tests' | 'server';

const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  doors: ['doors', 'app', 'engine', 'cloud', 'shared'],
  app: ['app', 'engine', 'cloud', 'shared'],
  cloud: ['cloud', 'shared'],
  engine: ['engine', 'shared'],
  shared: ['shared'],
  renderer: ['renderer', 'shared'],
  tests: ['doors', 'app', 'engine', 'cloud', 'shared', 'renderer', 'tests', 'server'],
  server: ['server', 'shared'],
};

function layerOf(file: string): Layer | null {
  const inMain = /^src-main\/(doors|app|cloud|engine)\//.exec(file);
  if (inMain) return inMain[1] as Layer;
  if (file.startsWith('src-shared/')) return 'shared';
  if (file.startsWith('src-renderer/')) return 'renderer';
  if (file.startsWith('tests/')) return 'tests';
  if (file.startsWith('server/')) return 'server';
  return null;
}

const isTest = (file: string): boolean => /\.test\.tsx?$/.test(file);

function edges(): ImportEdge[] {
  return ['src-main', 'src-shared', 'src-renderer'].flatMap(sourceFiles).flatMap(importsOf);
}

/** Breaks of the layer rule, as `file:line → specifier`. A test beside its module may also use tests/support. */
export function layerBreaks(all: readonly ImportEdge[]): string[] {
  return all
    .filter((edge) => {
      if (!edge.target) return false;
      const from = layerOf(edge.from);
      const to = layerOf(edge.target);
      if (!from) return true;
      if (to === 'tests' && isTest(edge.from)) return false;
      return !to || !MAY_IMPORT[from].includes(to);
    })
    .map((edge) => `${edge.from}:${edge.line} → ${edge.specifier}`);
}

describe('the layers of src-main', () => {
  const all = edges();

  it('finds the imports it checks', () => {
    expect(all.length).toBeGreaterThan(1000);
    expect(sourceFiles('src-main').every((file) => layerOf(file) !== null)).toBe(true);
  });

  it('every import goes down a layer or stays in its own: doors → app → engine and cloud → src-shared', () => {
    expect(layerBreaks(all)).toEqual([]);
  });

  it('reports an import that reaches up (the check itself can fail)', () => {
    const up: ImportEdge = { from: 'src-main/engine/pipeline/x.ts', specifier: '../../app/library/index.js', target: 'src-main/app/library/index.js', line: 1 };
    const sideways: ImportEdge = { from: 'src-main/cloud/providers/x.ts', specifier: '../../engine/voice/tts.js', target: 'src-main/engine/voice/tts.js', line: 2 };
    const down: ImportEdge = { from: 'src-main/doors/cli/x.ts', specifier: '../../app/library/index.js', target: 'src-main/app/library/index.js', line: 3 };
    expect(layerBreaks([up, sideways, down])).toEqual(['src-main/engine/pipeline/x.ts:1 → ../../app/library/index.js', 'src-main/cloud/providers/x.ts:2 → ../../engine/voice/tts.js']);
  });

  it('only src-main/doors/electron imports electron', () => {
    const electron = all.filter((edge) => (edge.specifier === 'electron' || edge.specifier.startsWith('electron/')) && !edge.from.startsWith('src-main/doors/electron/'));
    expect(electron.map((edge) => `${edge.from}:${edge.line}`)).toEqual([]);
  });

  it('only the preload touches ipcRenderer and contextBridge', () => {
    const code = (file: string): string =>
      readFileSync(path.join(REPO_ROOT, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
    const touching = ['src-main', 'src-shared', 'src-renderer']
      .flatMap(sourceFiles)
      .filter((file) => !file.endsWith('/preload.cts') && !isTest(file))
      .filter((file) => /\b(ipcRenderer|contextBridge)\b/.test(code(file)));
    expect(touching).toEqual([]);
    expect(code('src-main/doors/electron/preload.cts')).toMatch(/contextBridge\.exposeInMainWorld/);
  });
});
