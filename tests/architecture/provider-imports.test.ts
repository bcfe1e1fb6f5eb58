import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The cloud router sees the app only through its ports (ProviderLedger, the preferences and
 * tier it is handed): the session is assembled in src-main/app/services/, so the library and
 * licensing may use the providers but never the other way round.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const PROVIDERS = path.join(ROOT, 'src-main', 'providers');
const FORBIDDEN = ['library', 'licensing'].map((folder) => path.join(ROOT, 'src-main', folder));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(c|m)?tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Every module a file names: static imports, re-exports, side-effect and dynamic imports. */
function importedSpecifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

function importsInto(dir: string, targets: string[]): string[] {
  return sourceFiles(dir).flatMap((file) =>
    importedSpecifiers(readFileSync(file, 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => path.resolve(path.dirname(file), specifier))
      .filter((target) => targets.some((forbidden) => target === forbidden || target.startsWith(forbidden + path.sep)))
      .map((target) => `${path.relative(ROOT, file)} → ${path.relative(ROOT, target)}`),
  );
}

describe('the provider router’s boundary', () => {
  it('nothing under src-main/cloud/providers/ imports src-main/app/library/ or src-main/app/licensing/', () => {
    expect(sourceFiles(PROVIDERS).length).toBeGreaterThan(20);
    expect(importsInto(PROVIDERS, FORBIDDEN)).toEqual([]);
  });

  it('the walk sees every form of import (the library does import the providers’ ledger port)', () => {
    expect(importedSpecifiers(`import a from './a.js';\nexport { b } from "../b.js";\nimport './c.js';\nconst d = await import('../d.js');`)).toEqual(['./a.js', '../b.js', './c.js', '../d.js']);
    expect(importsInto(path.join(ROOT, 'src-main', 'library'), [PROVIDERS])).toContain('src-main/app/library/provider-ledger.ts → src-main/cloud/providers/ledger.js');
  });
});
