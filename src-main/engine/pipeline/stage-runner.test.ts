import { describe, expect, it } from 'vitest';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import type { RenderProgress } from '../../../src-shared/render.js';
import type { Log, LogFields } from '../logging/engine-log.js';
import { stageRunner } from './stage-runner.js';

function memoryLog(): { log: Log; lines: Array<[string, string, LogFields | undefined]> } {
  const lines: Array<[string, string, LogFields | undefined]> = [];
  const log: Log = {
    debug: (msg, f) => lines.push(['debug', msg, f]),
    info: (msg, f) => lines.push(['info', msg, f]),
    warn: (msg, f) => lines.push(['warn', msg, f]),
    error: (msg, f) => lines.push(['error', msg, f]),
    child: () => log,
  };
  return { log, lines };
}

describe('the stage runner', () => {
  it('reports each stage from 0 to 100 (clamped), records it as it ends and logs its time and memory', async () => {
    const { log, lines } = memoryLog();
    const progress: RenderProgress[] = [];
    const stages = stageRunner({ log, aborted: new AbortController().signal, onProgress: (p) => progress.push(p) });
    const slow = stages.run('voice', 'Speaking the script', async (step) => {
      step(140);
      await new Promise((r) => setTimeout(r, 20));
      return 'spoken';
    });
    const fast = stages.run('intake', 'Reading the photo', async (step) => (step(-5), 'read'));
    expect(await Promise.all([slow, fast])).toEqual(['spoken', 'read']);
    expect(stages.finished.map((s) => s.stage)).toEqual(['intake', 'voice']);
    expect(stages.finished[1]!.durationMs).toBeGreaterThanOrEqual(15);
    expect(progress.filter((p) => p.stage === 'voice').map((p) => p.percent)).toEqual([0, 100, 100]);
    expect(progress.filter((p) => p.stage === 'intake')).toEqual([0, 0, 100].map((percent) => ({ stage: 'intake', percent, message: 'Reading the photo' })));
    expect(lines.filter(([, msg]) => msg === 'stage finished').map(([, , f]) => Object.keys(f!))).toEqual([
      ['stage', 'durationMs', 'rssMb', 'heapMb', 'buffersMb'],
      ['stage', 'durationMs', 'rssMb', 'heapMb', 'buffersMb'],
    ]);
  });

  it('leaves a failed stage out of the report, logs its code and passes the error on', async () => {
    const { log, lines } = memoryLog();
    const stages = stageRunner({ log, aborted: new AbortController().signal });
    const noFace = new TalkingPhotoError('NO_FACE', 'No face was found in this photo.');
    await expect(stages.run('face', 'Finding the face', () => Promise.reject(noFace))).rejects.toBe(noFace);
    await expect(stages.run('enhance', 'Enhancing the photo', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(stages.finished).toEqual([]);
    expect(lines.filter(([level]) => level === 'warn').map(([, , f]) => [f?.stage, f?.code])).toEqual([
      ['face', 'NO_FACE'],
      ['enhance', 'UNEXPECTED'],
    ]);
  });

  it('starts no stage once the render was aborted: CANCELLED, and the work never runs', async () => {
    const abort = new AbortController();
    const stages = stageRunner({ log: memoryLog().log, aborted: abort.signal });
    abort.abort();
    let ran = false;
    await expect(stages.run('animate', 'Animating the face', async () => (ran = true))).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(ran).toBe(false);
  });
});
