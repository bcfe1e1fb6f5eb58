import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/fixtures.js';

const work = tempDir('tp-espeak-orphan-');
afterAll(() => work.cleanup());

const WORKER = path.join(import.meta.dirname, 'espeak-worker.mjs');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A render process killed outright leaves its eSpeak worker behind: the worker must stop
 * by itself instead of speaking the rest of a long script to nobody.
 */
describe.skipIf(process.platform === 'win32')('the eSpeak worker of a killed render', () => {
  it('stops within a few seconds once its parent is gone', async () => {
    const job = path.join(work.dir, 'job.json');
    // About a minute of speech: far longer than the check waits.
    const sentence = 'The quick brown fox jumps over the lazy dog while the talking photo keeps on speaking. ';
    writeFileSync(job, JSON.stringify({ outDir: path.join(work.dir, 'out'), voice: 'en-us', clauses: Array.from({ length: 400 }, () => sentence) }));
    // A stand-in render process: starts the worker, reports its pid once it speaks, then waits to be killed.
    const starter = `
      const { spawn } = require('node:child_process');
      const worker = spawn(process.execPath, [${JSON.stringify(WORKER)}, '--job', ${JSON.stringify(job)}], { stdio: ['ignore', 'pipe', 'ignore'] });
      worker.stdout.once('data', () => process.stdout.write(String(worker.pid) + '\\n'));
      setInterval(() => undefined, 1000);
    `;
    const render = spawn(process.execPath, ['-e', starter], { stdio: ['ignore', 'pipe', 'inherit'] });
    const workerPid = await new Promise<number>((resolve, reject) => {
      render.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      render.once('exit', () => reject(new Error('the stand-in render exited before its worker spoke')));
    });
    expect(alive(workerPid)).toBe(true);
    render.kill('SIGKILL');

    const deadline = Date.now() + 5000;
    while (alive(workerPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const stillRunning = alive(workerPid);
    if (stillRunning) process.kill(workerPid, 'SIGKILL');
    expect(stillRunning).toBe(false);
  }, 30_000);
});
