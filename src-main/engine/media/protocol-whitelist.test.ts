import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaTools, SAFE_INPUT_FLAGS } from './ffmpeg.js';
import { probeMedia } from './probe.js';
import { runProcess } from './run-process.js';

const SRC_MAIN = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|mts)$/.test(entry.name) && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

interface FfmpegCall {
  file: string;
  line: number;
  /** The argument list as written, with a named array or helper replaced by its definition. */
  args: string;
}

/** Every `runProcess(…ffmpeg/ffprobe…, args)`, `startProcess(…)` and `spawn(…)` in the engine, with its arguments resolved within the file. */
function ffmpegCalls(file: string): FfmpegCall[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const declarations = new Map<string, string>();
  const collect = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) declarations.set(node.name.text, node.initializer.getText());
    if (ts.isFunctionDeclaration(node) && node.name && node.body) declarations.set(node.name.text, node.body.getText());
    ts.forEachChild(node, collect);
  };
  collect(source);
  const expand = (args: string): string => args.replace(/\.\.\.(\w+)(\()?/g, (whole, name: string) => (declarations.has(name) ? `${whole} /* ${declarations.get(name)} */` : whole));
  const calls: FfmpegCall[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ['runProcess', 'startProcess', 'spawn', 'execFile', 'execFileSync', 'spawnSync'].includes(node.expression.text)) {
      const [command, args] = node.arguments;
      if (command && args && /ffmpeg|ffprobe/i.test(command.getText())) {
        // An argument list named, or built by a helper in the same file, is read from its definition.
        const named = ts.isIdentifier(args) ? args.text : ts.isCallExpression(args) && ts.isIdentifier(args.expression) ? args.expression.text : undefined;
        const written = named && declarations.has(named) ? `${args.getText()} /* ${declarations.get(named)} */` : args.getText();
        calls.push({ file: path.relative(SRC_MAIN, file), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, args: expand(written) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls;
}

describe('the protocol whitelist', () => {
  const calls = sourceFiles(SRC_MAIN).flatMap(ffmpegCalls);

  it('finds the engine’s ffmpeg and ffprobe calls (cloud-video’s among them)', () => {
    expect(calls.length).toBeGreaterThanOrEqual(10);
    // Joining the clips' pictures, and (for a provider that speaks itself) their sound.
    expect(calls.filter((c) => c.file === path.join('app', 'services', 'cloud-video.ts'))).toHaveLength(3);
    expect(calls.filter((c) => c.file === path.join('app', 'drafts', 'recording-metadata.ts'))).toHaveLength(2);
  });

  it('is on every ffmpeg and ffprobe call that reads a file', () => {
    // `-version` reads nothing; every other call names an input.
    const missing = calls.filter((c) => !/SAFE_(INPUT|PROBE)_FLAGS/.test(c.args) && !/'-version'/.test(c.args));
    expect(missing.map((c) => `${c.file}:${c.line}`)).toEqual([]);
  });
});

describe('a crafted file that points at the network', () => {
  let server: Server;
  let requests = 0;
  let url = '';
  let dir = '';

  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = await mkdtemp(path.join(os.tmpdir(), 'tp-whitelist-'));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('a concat list naming http:// is refused by ffmpeg, and nothing is fetched', async () => {
    const list = path.join(dir, 'clips.txt');
    await writeFile(list, `ffconcat version 1.0\nfile '${url}/clip.mp4'\n`);
    const result = await runProcess(mediaTools().ffmpeg.path, [...SAFE_INPUT_FLAGS, '-f', 'concat', '-safe', '0', '-i', list, '-f', 'null', '-'], { timeoutMs: 20_000 });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Protocol 'http' not on whitelist 'file,pipe'/);
    expect(requests).toBe(0);
  });

  it('an HLS playlist naming http:// segments is refused by ffprobe, and nothing is fetched', async () => {
    const playlist = path.join(dir, 'video.m3u8');
    await writeFile(playlist, `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n${url}/segment0.ts\n#EXT-X-ENDLIST\n`);
    await expect(probeMedia(playlist)).rejects.toThrow(/ffprobe failed/);
    expect(requests).toBe(0);
  });
});
