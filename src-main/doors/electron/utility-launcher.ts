import { EventEmitter } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type { ForkOptions, UtilityProcess } from 'electron';
import { entryExecArgv, type ChildHandle, type ChildLauncher } from '../../engine/child/child-launcher.js';

/**
 * The desktop app's child-process launcher: Electron's utilityProcess, so renders and
 * eSpeak run without ELECTRON_RUN_AS_NODE, which the RunAsNode fuse switches off in the
 * packaged app. `utilityProcess.fork` is injected (tests pass a fake with the same API)
 * and may only be called once the app is ready, while the queue can start a render
 * earlier: a child asked for before then is forked when `ready` settles.
 */

/** The part of Electron's UtilityProcess this adapter uses. */
export type UtilityProcessLike = Pick<UtilityProcess, 'pid' | 'stdout' | 'stderr' | 'postMessage' | 'kill'> & {
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
};

export type UtilityFork = (modulePath: string, args: string[], options: ForkOptions) => UtilityProcessLike;

class UtilityChild extends EventEmitter implements ChildHandle {
  readonly stdout: Readable = new PassThrough();
  readonly stderr: Readable = new PassThrough();
  ended = false;
  private proc: UtilityProcessLike | undefined;
  private killed = false;
  private exitCode: number | null | undefined;
  private readonly pending: unknown[] = [];

  constructor(ready: Promise<void>, forkNow: () => UtilityProcessLike) {
    super();
    ready.then(
      () => this.attach(forkNow),
      (error: unknown) => this.fail(error),
    );
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  postMessage(message: unknown): void {
    if (this.ended || this.killed) return;
    if (this.proc) this.proc.postMessage(message);
    else this.pending.push(message);
  }

  kill(): void {
    if (this.ended || this.killed) return;
    this.killed = true;
    if (this.proc) this.proc.kill();
    else this.finish(null);
  }

  private attach(forkNow: () => UtilityProcessLike): void {
    if (this.killed) return;
    let proc: UtilityProcessLike;
    try {
      proc = forkNow();
    } catch (error) {
      this.fail(error);
      return;
    }
    this.proc = proc;
    pipeOrEnd(proc.stdout, this.stdout as PassThrough);
    pipeOrEnd(proc.stderr, this.stderr as PassThrough);
    proc.on('message', (message) => this.emit('message', message));
    proc.on('exit', (code) => this.finish(code));
    for (const message of this.pending.splice(0)) proc.postMessage(message);
  }

  private fail(error: unknown): void {
    this.ended = true;
    (this.stdout as PassThrough).end();
    (this.stderr as PassThrough).end();
    this.emit('error', error instanceof Error ? error : new Error(String(error)));
  }

  /** Like Node's 'close': after the exit and after stdout and stderr have ended, so no output is lost. */
  private finish(code: number | null): void {
    if (this.exitCode !== undefined) return;
    this.exitCode = code;
    const streams = [this.stdout, this.stderr];
    if (!this.proc) for (const stream of streams) (stream as PassThrough).end();
    let open = streams.filter((s) => !s.readableEnded).length;
    const done = (): void => {
      this.ended = true;
      // A utility process reports only its exit code; one we ended is reported as killed.
      this.emit('close', this.killed ? null : code, this.killed ? 'SIGTERM' : null);
    };
    if (open === 0) {
      done();
      return;
    }
    for (const stream of streams) {
      if (stream.readableEnded) continue;
      stream.once('end', () => {
        open -= 1;
        if (open === 0) done();
      });
      // Nobody reading it: let it flow so that 'end' can come.
      if (stream.listenerCount('data') === 0 && !stream.readableFlowing) stream.resume();
    }
  }
}

function pipeOrEnd(source: NodeJS.ReadableStream | null, target: PassThrough): void {
  if (source) source.pipe(target);
  else target.end();
}

export function utilityProcessLauncher(fork: UtilityFork, ready: Promise<void>): ChildLauncher {
  return {
    kind: 'electron-utility',
    start(modulePath, options) {
      return new UtilityChild(ready, () =>
        fork(modulePath, options.args ?? [], {
          env: options.env ?? process.env,
          // Not options.execArgv: Electron takes V8's flags for the whole app (js-flags), not
          // per utility process, and a flag its Node does not accept would stop the render
          // from starting; the render's worker threads still get their own caps.
          execArgv: entryExecArgv(modulePath),
          // A utility process cannot have stdin; the engine's children take their work as
          // a message or a file.
          stdio: ['ignore', 'pipe', 'pipe'],
          serviceName: options.name,
        }),
      );
    },
  };
}
