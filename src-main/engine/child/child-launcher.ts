import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';

/**
 * How the engine starts its own Node programs (a render, the eSpeak worker) in a
 * separate OS process. Under plain Node (the CLI, the host, the tests) that is
 * `child_process.fork`. The packaged app cannot do that: its binary is Electron with the
 * RunAsNode fuse off (issue 13), so ELECTRON_RUN_AS_NODE no longer turns it into a
 * Node; src-main/doors/electron/utility-launcher.ts registers Electron's utilityProcess instead.
 * Engine code asks `childLauncher()` and never knows which one it got.
 */

export interface ChildStartOptions {
  /** What the process is called in Electron's task list and in errors. */
  name: string;
  args?: string[];
  /** Defaults to this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Node and V8 flags for the child (media/lean-malloc.ts's LEAN_V8_FLAGS for a render); a plain Node fork only (utility-launcher.ts). */
  execArgv?: readonly string[];
}

/**
 * A started child. Events follow Node's ChildProcess: `message` (from the child's
 * parent channel), `close` once the process has ended and its stdout and stderr are
 * drained, `error` when it could not be started (then no `close` follows).
 */
export interface ChildHandle {
  /** Undefined until the process runs (utilityProcess reports it a moment after fork). */
  readonly pid: number | undefined;
  /** Always piped: read them, or call resume(), or the child stalls once the pipe is full. */
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** True once `close` was emitted. */
  readonly ended: boolean;
  /** Structured-clone message to the child; dropped once the child has gone. */
  postMessage(message: unknown): void;
  /** Ends the child at once; a child that already ended is left alone. */
  kill(): void;
  on(event: 'message', listener: (message: unknown) => void): this;
  on(event: 'close', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
}

export interface ChildLauncher {
  readonly kind: 'node-fork' | 'electron-utility';
  /** `modulePath` is an ES module run as the child's entry point (`.ts` in development under tsx). */
  start(modulePath: string, options: ChildStartOptions): ChildHandle;
}

/** Development runs TypeScript entry points through tsx; built code is plain JavaScript. */
export function entryExecArgv(modulePath: string): string[] {
  return modulePath.endsWith('.ts') ? ['--import', 'tsx'] : [];
}

class NodeChild extends EventEmitter implements ChildHandle {
  ended = false;

  constructor(private readonly child: ChildProcess) {
    super();
    child.on('message', (message) => this.emit('message', message));
    child.on('error', (error) => {
      // After a start failure Node emits no 'close'; later errors (a failed send) are not fatal.
      if (child.pid === undefined) this.emit('error', error);
    });
    child.on('close', (code, signal) => {
      this.ended = true;
      this.emit('close', code, signal);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get stdout(): Readable {
    return this.child.stdout!;
  }

  get stderr(): Readable {
    return this.child.stderr!;
  }

  postMessage(message: unknown): void {
    if (this.child.connected) this.child.send(message as object);
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** `child_process.fork` with an IPC channel and piped stdout/stderr: plain Node only. */
export const nodeChildLauncher: ChildLauncher = {
  kind: 'node-fork',
  start(modulePath, options) {
    const child = fork(modulePath, options.args ?? [], {
      execArgv: [...entryExecArgv(modulePath), ...(options.execArgv ?? [])],
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new NodeChild(child);
  },
};

let registered: ChildLauncher = nodeChildLauncher;

/** The desktop app calls this once at start; everyone else keeps the Node launcher. */
export function registerChildLauncher(launcher: ChildLauncher): void {
  registered = launcher;
}

export function childLauncher(): ChildLauncher {
  return registered;
}
