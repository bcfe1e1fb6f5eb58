import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './import-graph.js';

/**
 * The README and docs/ name files to send a newcomer to; a moved or deleted file must
 * take its mention with it. Every repository path written in them, in `code` or as a
 * link, must exist (a path with a placeholder such as `<id>` or `*` is a pattern, not a
 * file, and is skipped).
 */
const ROOTS = ['src-main', 'src-shared', 'src-renderer', 'tests', 'server', 'scripts', 'resources', 'docs', 'drizzle', '.ci'];
const PATH = new RegExp(`(?:^|[\\s\`(\\[])((?:${ROOTS.map((r) => r.replace('.', '\\.')).join('|')})/[A-Za-z0-9_./*<>{}-]*)`, 'g');

export function namedPaths(markdown: string): string[] {
  const found = new Set<string>();
  for (const match of markdown.matchAll(PATH)) {
    const named = match[1]!.replace(/[.,:;]+$/, '');
    if (/[*<>{}]/.test(named) || named.endsWith('/...')) continue;
    found.add(named);
  }
  return [...found];
}

const documents = [
  'README.md',
  ...readdirSync(path.join(REPO_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('paths named in the README and docs/', () => {
  it('reads paths out of prose, code and links', () => {
    expect(namedPaths('see `src-main/engine/voice/tts.ts`, [it](docs/ARCHITECTURE.md) and src-main/app/ (the app). Not `src-main/*/x.ts`.')).toEqual([
      'src-main/engine/voice/tts.ts',
      'docs/ARCHITECTURE.md',
      'src-main/app/',
    ]);
  });

  it('finds the paths the README and the architecture page name', () => {
    expect(namedPaths(readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')).length).toBeGreaterThan(20);
    expect(namedPaths(readFileSync(path.join(REPO_ROOT, 'docs/ARCHITECTURE.md'), 'utf8')).length).toBeGreaterThan(20);
  });

  for (const document of documents) {
    it(`${document} names only paths that exist`, () => {
      const named = namedPaths(readFileSync(path.join(REPO_ROOT, document), 'utf8'));
      expect(named.filter((p) => !existsSync(path.join(REPO_ROOT, p)))).toEqual([]);
    });
  }
});
