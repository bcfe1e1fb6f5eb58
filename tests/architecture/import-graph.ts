import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One import written in a source file: who imports what, resolved to a repository path when relative. */
export interface ImportEdge {
  /** Repository-relative path of the importing file. */
  from: string;
  /** The specifier as written. */
  specifier: string;
  /** Repository-relative path it names, for a relative specifier; null for a package. */
  target: string | null;
  line: number;
}

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** Every .ts/.tsx/.mts/.mjs file under `dir` (repository-relative), tests included. */
export function sourceFiles(dir: string): string[] {
  const full = path.join(REPO_ROOT, dir);
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(rel);
    return /\.(ts|tsx|mts|cts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/**
 * The imports of one file: static imports and re-exports, `import()` and `require()`,
 * and `import('…')` types, read with TypeScript's parser so strings in comments and
 * code that merely mentions a path are not counted.
 */
export function importsOf(rel: string): ImportEdge[] {
  const text = readFileSync(path.join(REPO_ROOT, rel), 'utf8');
  const source = ts.createSourceFile(rel, text, ts.ScriptTarget.ES2022, true);
  const edges: ImportEdge[] = [];
  const add = (literal: ts.Node): void => {
    if (!ts.isStringLiteralLike(literal)) return;
    const specifier = literal.text;
    const target = specifier.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(rel), specifier)) : null;
    edges.push({ from: rel, specifier, target, line: source.getLineAndCharacterOfPosition(literal.getStart()).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const dynamic =
        callee.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(callee) && callee.text === 'require') ||
        (ts.isPropertyAccessExpression(callee) && callee.name.text === 'resolve' && ts.isIdentifier(callee.expression) && callee.expression.text === 'require');
      if (dynamic && node.arguments[0]) add(node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}
