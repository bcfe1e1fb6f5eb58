import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LEAN_MALLOC } from '../../src-main/engine/media/lean-malloc.js';
import { fixture, REPO_ROOT, tempDir } from '../support/fixtures.js';

const work = tempDir('tp-lean-');
afterAll(() => work.cleanup());

/** The environment of every Node process below `root` (Linux /proc). */
function nodeDescendantEnvs(root: number): string[][] {
  const envs: string[][] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
      for (const child of children.split(/\s+/).filter(Boolean).map(Number)) {
        stack.push(child);
        if (readFileSync(`/proc/${child}/comm`, 'utf8').trim() === 'node') envs.push(readFileSync(`/proc/${child}/environ`, 'utf8').split('\0'));
      }
    } catch {
      // Ended between listing and reading.
    }
  }
  return envs;
}

describe.runIf(process.platform === 'linux')("tp render's process (issue 15's memory)", () => {
  it("renders in a process with the render processes' lean allocator, started with none set", async () => {
    const out = path.join(work.dir, 'lean');
    const env = { ...process.env };
    for (const name of Object.keys(LEAN_MALLOC)) delete env[name];
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(REPO_ROOT, 'src-main/doors/cli/tp.ts'),
        'render',
        '--photo',
        fixture('portrait-obama.jpg'),
        '--script',
        'Hello there.',
        '--out',
        out,
        '--size',
        '256x448',
        '--no-verify',
      ],
      {
        cwd: REPO_ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const seen: string[][] = [];
    const poll = setInterval(() => seen.push(...nodeDescendantEnvs(child.pid!)), 50);
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(poll);
    expect(code, stderr).toBe(0);
    expect(existsSync(path.join(out, 'video.mp4'))).toBe(true);
    expect(seen.some((e) => e.includes('MALLOC_ARENA_MAX=2') && e.includes('MALLOC_MMAP_THRESHOLD_=131072'))).toBe(true);
  }, 120_000);
});
