import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import { ChildProcessError, runProcess, startNodeChild, startProcess } from './run-child.js';

/** A module child (the launcher's test child): says ready, echoes messages, leaves with a code when told. */
const ECHO = path.resolve(import.meta.dirname, '../../../tests/support/echo-child.mjs');

/** Real children: Node itself, running a short script. */
const node = (script: string): [string, string[]] => [process.execPath, ['-e', script]];

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('the child-process runner', () => {
  it('gives an unexpected exit code as an error carrying what the child last wrote to stderr', async () => {
    const error = await rejection(runProcess(...node('process.stderr.write("first line\\nInvalid data found when processing input\\n"); process.exit(3)'), { name: 'ffmpeg' }));
    expect(error).toBeInstanceOf(ChildProcessError);
    const failure = error as ChildProcessError;
    expect(failure.reason).toBe('exit');
    expect(failure.exitCode).toBe(3);
    expect(failure.message).toBe('ffmpeg exited with 3: first line\nInvalid data found when processing input');
    expect(failure.stderrTail).toContain('Invalid data found');
  });

  it('resolves an exit code the caller expects, with stdout collected', async () => {
    const result = await runProcess(...node('process.stdout.write("found 2"); process.exit(1)'), { expectedExitCodes: [0, 1] });
    expect(result.code).toBe(1);
    expect(result.stdout.toString()).toBe('found 2');
    const any = await runProcess(...node('process.exit(7)'), { expectedExitCodes: 'any' });
    expect(any.code).toBe(7);
  });

  it('passes cwd and env to the child', async () => {
    const result = await runProcess(...node('process.stdout.write(process.cwd() + "|" + process.env.TP_RUNNER_SEEN)'), { cwd: '/tmp', env: { ...process.env, TP_RUNNER_SEEN: 'yes' } });
    expect(result.stdout.toString()).toBe('/tmp|yes');
  });

  it('kills the child on abort, rejects as cancelled, and leaves no process behind', async () => {
    const controller = new AbortController();
    const running = startProcess(...node('process.stdout.write("up\\n"); setInterval(() => {}, 1000)'), { signal: controller.signal, stdout: 'stream' });
    const pid = running.pid!;
    await new Promise((resolve) => running.stdout!.once('data', resolve));
    expect(isRunning(pid)).toBe(true);
    controller.abort();
    const error = await rejection(running.done);
    expect(isTalkingPhotoError(error) && error.code).toBe('CANCELLED');
    expect(isRunning(pid)).toBe(false);
  });

  it('starts nothing when the run was cancelled before it began', async () => {
    const controller = new AbortController();
    controller.abort();
    const running = startProcess(...node('setInterval(() => {}, 1000)'), { signal: controller.signal });
    expect(running.pid).toBeUndefined();
    const error = await rejection(running.done);
    expect(isTalkingPhotoError(error) && error.code).toBe('CANCELLED');
  });

  it('lets an aborted child clean up within its grace, asked politely first', async () => {
    const controller = new AbortController();
    let asked = false;
    const running = startProcess(...node('process.stdout.write("up"); process.stdin.on("data", () => { process.stderr.write("cleaned up"); process.exit(0) })'), {
      signal: controller.signal,
      stdin: 'stream',
      stdout: 'stream',
      abortGraceMs: 10_000,
      onAbort: () => {
        asked = true;
        running.stdin!.write('stop\n');
      },
    });
    await new Promise((resolve) => running.stdout!.once('data', resolve));
    controller.abort();
    const error = await rejection(running.done);
    expect(isTalkingPhotoError(error) && error.code).toBe('CANCELLED');
    expect(asked).toBe(true);
    expect(running.stderrTail()).toBe('cleaned up');
  });

  it('rejects a child that runs past its timeout, and kills it', async () => {
    const running = startProcess(...node('process.stderr.write("still going"); setInterval(() => {}, 1000)'), { name: 'ffprobe', timeoutMs: 300 });
    const pid = running.pid!;
    const error = (await rejection(running.done)) as ChildProcessError;
    expect(error).toBeInstanceOf(ChildProcessError);
    expect(error.reason).toBe('timeout');
    expect(error.message).toBe('ffprobe timed out after 300 ms: still going');
    expect(isRunning(pid)).toBe(false);
  });

  it('streams stdin to the child and its stdout back as it comes', async () => {
    // The child echoes each line upper-cased: a reply before stdin closes proves both ways stream.
    const running = startProcess(...node('process.stdin.setEncoding("utf8"); process.stdin.on("data", (s) => process.stdout.write(s.toUpperCase()))'), { stdin: 'stream', stdout: 'stream' });
    running.stdout!.setEncoding('utf8');
    const replies: string[] = [];
    const reply = (): Promise<string> => new Promise((resolve) => running.stdout!.once('data', (text: string) => resolve(text)));
    running.stdin!.write('frame one\n');
    replies.push(await reply());
    running.stdin!.write('frame two\n');
    replies.push(await reply());
    running.stdin!.end();
    await running.done;
    expect(replies).toEqual(['FRAME ONE\n', 'FRAME TWO\n']);
  });

  it('writes a Buffer to stdin and closes it', async () => {
    const input = Buffer.alloc(1 << 20, 7);
    const result = await runProcess(...node('let n = 0; process.stdin.on("data", (b) => (n += b.length)).on("end", () => process.stdout.write(String(n)))'), { stdin: input });
    expect(result.stdout.toString()).toBe(String(1 << 20));
  });

  it('hands out extra output pipes (fd 3)', async () => {
    const running = startProcess(...node('require("fs").writeSync(3, "copy on fd 3")'), { extraOutputs: 1, stdout: 'ignore' });
    let copy = '';
    running.extraOutputs[0]!.on('data', (chunk: Buffer) => (copy += chunk.toString()));
    await running.done;
    expect(copy).toBe('copy on fd 3');
  });

  it('keeps only the tail of a large stderr', async () => {
    // 4 MB of progress lines, then the one line that says why.
    const script =
      'const line = "frame=  100 fps= 25 q=28.0 size=  512kB time=00:00:04.00\\n"; for (let i = 0; i < 60000; i++) process.stderr.write(line); process.stderr.write("Conversion failed!\\n"); process.exitCode = 1';
    const error = (await rejection(runProcess(...node(script), { stderrTailChars: 1000 }))) as ChildProcessError;
    expect(error.stderrTail.length).toBe(1000);
    expect(error.stderrTail.endsWith('Conversion failed!\n')).toBe(true);
    expect(error.message.length).toBeLessThan(2100);
  });

  it('rejects a command that cannot start, naming it', async () => {
    const error = (await rejection(runProcess('/nonexistent/ffmpeg', ['-version'], { name: 'ffmpeg' }))) as ChildProcessError;
    expect(error.reason).toBe('start');
    expect(error.message).toMatch(/^ffmpeg could not start: .*ENOENT/);
  });

  it('rejects a child its owner killed, and the child is gone', async () => {
    const running = startProcess(...node('process.stdout.write("up"); setInterval(() => {}, 1000)'), { stdout: 'stream' });
    const pid = running.pid!;
    await new Promise((resolve) => running.stdout!.once('data', resolve));
    running.kill();
    const error = (await rejection(running.done)) as ChildProcessError;
    expect(error.reason).toBe('killed');
    expect(isRunning(pid)).toBe(false);
  });
});

describe('an engine Node module under the runner', () => {
  it('talks to the child, resolves an expected exit and keeps its stderr tail', async () => {
    const child = startNodeChild(ECHO, { name: 'the echo child', args: ['--job', 'x'], expectedExitCodes: [0, 4] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.onMessage((message) => {
      if ((message as { type?: string }).type === 'ready') child.postMessage({ type: 'leave', code: 4 });
    });
    const result = await child.done;
    expect(result.code).toBe(4);
    expect(result.stderr).toBe('to stderr\n');
    expect(out).toBe('args ["--job","x"] env \n');
  });

  it('rejects an exit it did not expect, naming the child', async () => {
    const child = startNodeChild(ECHO, { name: 'the echo child' });
    child.stdout.resume();
    child.onMessage(() => child.postMessage({ type: 'leave', code: 2 }));
    const error = (await rejection(child.done)) as ChildProcessError;
    expect(error.reason).toBe('exit');
    expect(error.message).toBe('the echo child exited with 2: to stderr');
  });

  it('asks first on abort, kills after the grace, rejects as cancelled and leaves no process', async () => {
    const controller = new AbortController();
    const asked: unknown[] = [];
    const child = startNodeChild(ECHO, { name: 'the echo child', signal: controller.signal, abortGraceMs: 200, onAbort: () => child.postMessage({ type: 'cancel' }) });
    child.stdout.resume();
    child.onMessage((message) => {
      if ((message as { type?: string }).type === 'ready') controller.abort();
      else asked.push(message);
    });
    const error = await rejection(child.done);
    expect(isTalkingPhotoError(error) && error.code).toBe('CANCELLED');
    // The child heard the cancel (it echoes it) and, ignoring it, was killed after the grace.
    expect(asked).toEqual([{ echo: { type: 'cancel' } }]);
    expect(isRunning(child.pid!)).toBe(false);
  });

  it('ends a child that lingers after its last word (killAfter)', async () => {
    const child = startNodeChild(ECHO, { name: 'the echo child', expectedExitCodes: 'any' });
    child.stdout.resume();
    child.onMessage(() => child.killAfter(100));
    const result = await child.done;
    expect(result.signal).toBe('SIGKILL');
    expect(isRunning(child.pid!)).toBe(false);
  });
});
