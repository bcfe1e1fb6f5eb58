import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RENDER_STAGES } from '../../src-shared/render.js';
import { logFile } from '../../src-main/app/log/log-paths.js';
import { renderInChildProcess } from '../../src-main/app/queue/render-process.js';
import { runCli } from '../support/cli.js';
import { fixture, tempDir } from '../support/fixtures.js';

/**
 * The engine's stage timings in the app's log: each stage as it finishes, with the job it
 * belongs to, written by whichever process rendered (a render process for the app's queue,
 * `tp` itself on the command line), and `tp --verbose` shows the same lines as they come.
 */

const work = tempDir('tp-render-log-');
afterAll(() => work.cleanup());

type Line = Record<string, unknown> & { msg: string };

function logLines(dataDir: string): Line[] {
  return readFileSync(logFile(dataDir), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
}

const SMALL = { width: 256, height: 448, verify: false } as const;

describe('the render log', () => {
  it("a queued job's render process logs every stage with its duration and the job id, matching report.json", async () => {
    const dataDir = process.env.TALKINGPHOTO_DATA_DIR!;
    const report = await renderInChildProcess({ photoPath: fixture('portrait-obama.jpg'), script: 'Every stage is in the log.', outDir: path.join(work.dir, 'job'), ...SMALL }, { jobId: 'job-log-1' });
    const mine = logLines(dataDir).filter((line) => line.jobId === 'job-log-1');
    const stageLines = mine.filter((line) => line.msg === 'stage finished');
    expect(stageLines.every((line) => line.proc === 'render' && line.module === 'pipeline' && typeof line.pid === 'number' && line.pid !== process.pid)).toBe(true);
    // The same stages and durations as the report, in the order they finished.
    expect(stageLines.map((line) => ({ stage: line.stage, durationMs: line.durationMs })).sort((a, b) => RENDER_STAGES.indexOf(a.stage as never) - RENDER_STAGES.indexOf(b.stage as never))).toEqual(
      report.stages,
    );
    expect(mine[0]).toMatchObject({ msg: 'render started', input: 'script', size: '256x448' });
    expect(mine.at(-1)).toMatchObject({ msg: 'render finished', totalMs: report.totalMs });
    // A finished stage is on disk before the next starts: times are in finishing order.
    const times = stageLines.map((line) => Date.parse(String(line.time)));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("a refused input logs the failing stage and the render's error code, never the script", async () => {
    const dataDir = process.env.TALKINGPHOTO_DATA_DIR!;
    const secretScript = 'Do not log this sentence anywhere.';
    await expect(
      renderInChildProcess({ photoPath: path.join(work.dir, 'missing.jpg'), script: secretScript, outDir: path.join(work.dir, 'missing'), ...SMALL }, { jobId: 'job-log-2' }),
    ).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    const mine = logLines(dataDir).filter((line) => line.jobId === 'job-log-2');
    expect(mine).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'stage failed', stage: 'intake', code: 'FILE_NOT_FOUND' }));
    expect(mine.at(-1)).toMatchObject({ level: 'error', msg: 'render failed', code: 'FILE_NOT_FOUND' });
    expect(readFileSync(logFile(dataDir), 'utf8')).not.toContain(secretScript);
  });

  it('tp render --verbose prints the log lines on stderr as they come and still writes the file; without it stderr has none', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tp-verbose-'));
    const args = ['render', '--photo', fixture('portrait-obama.jpg'), '--script', 'Verbose, please.', '--size', '256x448', '--no-verify'];
    const verbose = await runCli([...args, '--out', path.join(work.dir, 'verbose'), '--verbose'], { env: { TALKINGPHOTO_DATA_DIR: dataDir } });
    expect(verbose.code).toBe(0);
    const printed = verbose.stderr.split('\n').filter((line) => / INFO {2}pipeline {2}stage finished /u.test(line));
    expect(printed.map((line) => /stage=(\w+)/u.exec(line)?.[1]).sort()).toEqual(['animate', 'enhance', 'face', 'intake', 'verify', 'voice']);
    for (const line of printed) expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}pipeline {2}stage finished {2}jobId=tp-[0-9a-f]{8} stage=\w+ durationMs=\d+ rssMb=\d+ heapMb=\d+ buffersMb=\d+$/u);
    const written = logLines(dataDir);
    expect(written.filter((line) => line.msg === 'stage finished' && line.proc === 'cli')).toHaveLength(6);
    expect(written[0]).toMatchObject({ msg: 'command started', command: 'render', module: 'cli' });
    expect(written.at(-1)).toMatchObject({ msg: 'command finished', exitCode: 0 });

    const quiet = await runCli([...args, '--out', path.join(work.dir, 'quiet')], { env: { TALKINGPHOTO_DATA_DIR: dataDir } });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toMatch(/stage finished/u);
    expect(logLines(dataDir).filter((line) => line.msg === 'stage finished')).toHaveLength(12);
  });

  it("tp batch --verbose shows the stages of each row's render process too, with the queue's job id", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tp-verbose-batch-'));
    const csv = path.join(work.dir, 'one.csv');
    writeFileSync(csv, ['photo,script,title', `${fixture('portrait-obama.jpg')},"One row, verbose.",One`].join('\n'));
    const result = await runCli(['batch', csv, '--out', path.join(work.dir, 'batch'), '--size', '256x448', '--no-verify', '--verbose'], { env: { TALKINGPHOTO_DATA_DIR: dataDir } });
    expect(result.code).toBe(0);
    const jobId = logLines(dataDir).find((line) => line.msg === 'job started')?.jobId;
    expect(typeof jobId).toBe('string');
    const printed = result.stderr.split('\n').filter((line) => line.includes(' INFO  pipeline  stage finished ') && line.includes(`jobId=${String(jobId)} `));
    expect(printed.map((line) => /stage=(\w+)/u.exec(line)?.[1]).sort()).toEqual(['animate', 'enhance', 'face', 'intake', 'verify', 'voice']);
  });
});
