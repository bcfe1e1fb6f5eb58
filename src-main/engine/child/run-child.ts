import { spawn, type ChildProcess, type StdioPipe } from 'node:child_process';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { cancelled } from '../pipeline/cancellation.js';
import { childLauncher, type ChildHandle } from './child-launcher.js';

/**
 * The engine's one child-process runner (after GitHub Desktop's `git()` in lib/git/core.ts:
 * one place that starts a process, knows the exit codes its caller expects and turns
 * anything else into an error with what the process last said). ffmpeg, eSpeak's worker
 * and the render process are thin callers of it; none of them handles abort, kill,
 * timeout or the stderr tail itself. Every way out (exit, abort, timeout, a start that
 * failed, the owner's kill) settles `done` only once the process has ended, so no path
 * leaves a child running behind a settled promise.
 */

export interface ChildRunOptions {
  /** Names the process in errors: `ffmpeg`, `the eSpeak worker`. Defaults to the command. */
  name?: string;
  /** Exit codes that count as success; any other exit rejects with ChildProcessError. Default [0]; 'any' leaves judging to the caller. */
  expectedExitCodes?: readonly number[] | 'any';
  /** Aborting kills the child (after abortGraceMs) and rejects `done` with the engine's cancelled(). */
  signal?: AbortSignal;
  /** Called once on abort, before the kill: a polite request to stop (the render's `cancel` message). */
  onAbort?: () => void;
  /** How long an aborted child may take to clean up before it is killed. Default 0. */
  abortGraceMs?: number;
  /** The child is killed and `done` rejects (reason 'timeout') after this long. */
  timeoutMs?: number;
  /** Characters of stderr kept, the newest: ffmpeg can print megabytes. Default 16 000. */
  stderrTailChars?: number;
  /** Each piece of stderr as it arrives (echoing a child's log, a progress parser). */
  onStderr?: (text: string) => void;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Collected stdout (`stdout: 'collect'`); empty otherwise. */
  stdout: Buffer;
  /** The stderr tail (stderrTailChars). */
  stderr: string;
}

export type ChildFailure = 'exit' | 'timeout' | 'start' | 'killed';

/** A child that did not end the way its caller expected; `stderrTail` is what it last said. */
export class ChildProcessError extends Error {
  override readonly name = 'ChildProcessError';

  constructor(
    readonly reason: ChildFailure,
    message: string,
    readonly exitCode: number | null,
    readonly exitSignal: NodeJS.Signals | null,
    readonly stderrTail: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What the runner needs of a started process: a spawned executable and a launched Node module both give it. */
interface SupervisedChild {
  readonly pid: number | undefined;
  readonly stderr: Readable | null;
  kill(): void;
  /** `close`: ended with its pipes drained; `error`: could not start (no close follows). */
  on(event: 'close', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Message detail kept in an error: the stderr tail's last lines, not its 16 000 characters. */
const MESSAGE_TAIL_CHARS = 2000;

function supervise(
  child: SupervisedChild,
  options: ChildRunOptions,
  stdout: () => Buffer,
): { done: Promise<ChildResult>; kill: () => void; killAfter: (ms: number) => void; stderrTail: () => string } {
  const name = options.name ?? 'the child process';
  const tailChars = options.stderrTailChars ?? 16_000;
  let tail = '';
  let ownerKilled = false;
  let timedOut = false;
  const timers: NodeJS.Timeout[] = [];
  const kill = (): void => child.kill();
  const killAfter = (ms: number): void => {
    if (ms <= 0) kill();
    else timers.push(setTimeout(kill, ms));
  };
  const decoder = new StringDecoder('utf8');
  child.stderr?.on('data', (chunk: Buffer | string) => {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (!text) return;
    tail = (tail + text).slice(-tailChars);
    options.onStderr?.(text);
  });
  const onAbort = (): void => {
    options.onAbort?.();
    killAfter(options.abortGraceMs ?? 0);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.timeoutMs !== undefined) {
    timers.push(
      setTimeout(() => {
        timedOut = true;
        kill();
      }, options.timeoutMs),
    );
  }
  const done = new Promise<ChildResult>((resolve, reject) => {
    const finish = (): void => {
      for (const timer of timers) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const detail = (): string => tail.trim().slice(-MESSAGE_TAIL_CHARS);
    child.on('error', (error) => {
      finish();
      if (options.signal?.aborted) reject(cancelled());
      else reject(new ChildProcessError('start', `${name} could not start: ${error.message}`, null, null, tail, { cause: error }));
    });
    child.on('close', (code, signal) => {
      finish();
      if (options.signal?.aborted) return reject(cancelled());
      const said = detail();
      if (timedOut) return reject(new ChildProcessError('timeout', `${name} timed out after ${options.timeoutMs} ms${said ? `: ${said}` : ''}`, code, signal, tail));
      if (ownerKilled) return reject(new ChildProcessError('killed', `${name} was stopped`, code, signal, tail));
      const expected = options.expectedExitCodes ?? [0];
      if (expected !== 'any' && (code === null || !expected.includes(code))) {
        return reject(new ChildProcessError('exit', `${name} exited with ${code ?? signal}${said ? `: ${said}` : ''}`, code, signal, tail));
      }
      resolve({ code, signal, stdout: stdout(), stderr: tail });
    });
  });
  // An owner that killed or abandoned its child need not wait for the end: a failure still
  // reaches whoever awaits `done`, but one nobody awaits does not bring the process down.
  done.catch(() => undefined);
  return {
    done,
    kill: () => {
      ownerKilled = true;
      kill();
    },
    killAfter,
    stderrTail: () => tail,
  };
}

export interface ProcessOptions extends ChildRunOptions {
  cwd?: string;
  /** Defaults to this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** A Buffer is written and stdin closed; 'stream' hands stdin to the caller (raw frames); default none. */
  stdin?: Buffer | 'stream';
  /** 'collect' (default) gathers it into the result; 'stream' hands it to the caller (decoded frames). */
  stdout?: 'collect' | 'stream' | 'ignore';
  /** More output pipes after stderr (fd 3, 4 …), handed out as streams: the encoder's H.264 copy. */
  extraOutputs?: number;
}

/** A running executable. */
export interface RunningProcess {
  readonly pid: number | undefined;
  /** With `stdin: 'stream'`; write errors (the child went away) surface on `done`, not here. */
  readonly stdin: Writable | undefined;
  /** With `stdout: 'stream'`: read it to the end, or the child waits on a full pipe. */
  readonly stdout: Readable | undefined;
  readonly extraOutputs: Readable[];
  /** Settles once the process has ended (see ChildRunOptions for how). */
  readonly done: Promise<ChildResult>;
  /** Ends it now; `done` then rejects with reason 'killed' (or cancelled() after an abort). */
  kill(): void;
  stderrTail(): string;
}

/** An already cancelled run starts nothing: a process that never ran is the surest way to leave none. */
function notStarted(): RunningProcess & RunningNodeChild {
  const done = Promise.reject(cancelled());
  done.catch(() => undefined);
  const stdout = new PassThrough();
  stdout.end();
  return {
    pid: undefined,
    stdin: undefined,
    stdout,
    extraOutputs: [],
    done,
    kill: () => undefined,
    killAfter: () => undefined,
    stderrTail: () => '',
    postMessage: () => undefined,
    onMessage: () => undefined,
  };
}

function killNow(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Starts an executable under the runner (spawn, cwd, env, stdin and stdout as asked). */
export function startProcess(command: string, args: readonly string[], options: ProcessOptions = {}): RunningProcess {
  if (options.signal?.aborted) return notStarted();
  const stdoutMode = options.stdout ?? 'collect';
  const stdio: Array<StdioPipe | 'ignore'> = [options.stdin ? 'pipe' : 'ignore', stdoutMode === 'ignore' ? 'ignore' : 'pipe', 'pipe', ...Array<'pipe'>(options.extraOutputs ?? 0).fill('pipe')];
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio, windowsHide: true });
  const collected: Buffer[] = [];
  if (stdoutMode === 'collect') child.stdout?.on('data', (chunk: Buffer) => collected.push(chunk));
  // A child that exits before reading all its input breaks the pipe: its exit code says why.
  child.stdin?.on('error', () => undefined);
  const supervised = supervise(
    {
      get pid() {
        return child.pid;
      },
      stderr: child.stderr,
      kill: () => killNow(child),
      on: (event: 'close' | 'error', listener: (...args: never[]) => void) => {
        if (event === 'close') child.on('close', listener as (code: number | null, signal: NodeJS.Signals | null) => void);
        // After a start failure Node emits no 'close'; a later error (a failed kill) is not the end.
        else child.on('error', (error) => child.pid === undefined && (listener as (error: Error) => void)(error));
      },
    },
    { name: command, ...options },
    () => Buffer.concat(collected),
  );
  if (Buffer.isBuffer(options.stdin)) child.stdin?.end(options.stdin);
  return {
    get pid() {
      return child.pid;
    },
    stdin: options.stdin === 'stream' ? (child.stdin ?? undefined) : undefined,
    stdout: stdoutMode === 'stream' ? (child.stdout ?? undefined) : undefined,
    extraOutputs: child.stdio.slice(3).filter((stream): stream is Readable => stream !== null) as Readable[],
    done: supervised.done,
    kill: supervised.kill,
    stderrTail: supervised.stderrTail,
  };
}

/** Runs an executable to its end and collects its stdout: the common case. */
export function runProcess(command: string, args: readonly string[], options: Omit<ProcessOptions, 'stdin' | 'stdout' | 'extraOutputs'> & { stdin?: Buffer } = {}): Promise<ChildResult> {
  return startProcess(command, args, { ...options, stdout: 'collect' }).done;
}

export interface NodeChildOptions extends ChildRunOptions {
  /** What the process is called in Electron's task list and in errors. */
  name: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  execArgv?: readonly string[];
}

/** A running Node module (child-launcher.ts: a fork, or a utility process in the desktop app). */
export interface RunningNodeChild {
  readonly pid: number | undefined;
  /** Read it (or resume() it): the child stalls once the pipe is full. */
  readonly stdout: Readable;
  readonly done: Promise<ChildResult>;
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  kill(): void;
  /** Ends the child if it has not ended by itself within `ms` (one that lingers after its last word). */
  killAfter(ms: number): void;
}

/** Starts an engine Node module under the runner, through the registered launcher. */
export function startNodeChild(modulePath: string, options: NodeChildOptions): RunningNodeChild {
  if (options.signal?.aborted) return notStarted();
  const handle: ChildHandle = childLauncher().start(modulePath, { name: options.name, args: options.args, env: options.env, ...(options.execArgv ? { execArgv: options.execArgv } : {}) });
  const supervised = supervise(handle, options, () => Buffer.alloc(0));
  return {
    get pid() {
      return handle.pid;
    },
    stdout: handle.stdout,
    done: supervised.done,
    postMessage: (message) => handle.postMessage(message),
    onMessage: (listener) => void handle.on('message', listener),
    kill: supervised.kill,
    killAfter: supervised.killAfter,
  };
}
