import { EventEmitter } from 'node:events';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ChildHandle, ChildLauncher } from './child-launcher.js';
import type { ParentChannel } from './parent-channel.js';

/**
 * Children of a child. Only Electron's main process can start a utility process, and with
 * the RunAsNode fuse off nothing else can start a Node: so a render running in a utility
 * process asks the app to start its eSpeak worker, and the app relays the worker's
 * messages, output and exit back over the render's channel. Under plain Node the render
 * forks its own children and none of this runs.
 */

type RelayRequest = { type: 'child:start'; id: number; modulePath: string; args: string[]; name: string } | { type: 'child:post'; id: number; message: unknown } | { type: 'child:kill'; id: number };

type RelayEvent =
  | { type: 'child:spawned'; id: number; pid: number | undefined }
  | { type: 'child:message'; id: number; message: unknown }
  | { type: 'child:stdout' | 'child:stderr'; id: number; text: string }
  | { type: 'child:close'; id: number; code: number | null; signal: NodeJS.Signals | null }
  | { type: 'child:error'; id: number; message: string };

export function isRelayMessage(message: unknown): message is { type: `child:${string}` } {
  return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string' && (message as { type: string }).type.startsWith('child:');
}

class RelayedChild extends EventEmitter implements ChildHandle {
  readonly stdout: Readable = new PassThrough();
  readonly stderr: Readable = new PassThrough();
  pid: number | undefined;
  ended = false;

  constructor(
    private readonly id: number,
    private readonly parent: ParentChannel,
  ) {
    super();
  }

  postMessage(message: unknown): void {
    if (!this.ended) this.parent.send({ type: 'child:post', id: this.id, message } satisfies RelayRequest);
  }

  kill(): void {
    if (!this.ended) this.parent.send({ type: 'child:kill', id: this.id } satisfies RelayRequest);
  }

  receive(event: RelayEvent): void {
    if (event.type === 'child:spawned') this.pid = event.pid;
    else if (event.type === 'child:message') this.emit('message', event.message);
    else if (event.type === 'child:stdout') (this.stdout as PassThrough).write(event.text);
    else if (event.type === 'child:stderr') (this.stderr as PassThrough).write(event.text);
    else if (event.type === 'child:error') this.end(() => this.emit('error', new Error(event.message)));
    else if (event.type === 'child:close') this.end(() => this.emit('close', event.code, event.signal));
  }

  /** Output sent before the close arrives first: the streams end, then the event. */
  private end(emit: () => void): void {
    this.ended = true;
    (this.stdout as PassThrough).end();
    (this.stderr as PassThrough).end();
    setImmediate(emit);
  }
}

/** The child's side: a launcher that asks the parent to start the process. */
export function relayedChildLauncher(parent: ParentChannel): ChildLauncher {
  const children = new Map<number, RelayedChild>();
  let nextId = 1;
  parent.onMessage((message) => {
    if (!isRelayMessage(message)) return;
    const event = message as RelayEvent;
    const child = children.get(event.id);
    if (!child) return;
    if (event.type === 'child:close' || event.type === 'child:error') children.delete(event.id);
    child.receive(event);
  });
  return {
    kind: 'electron-utility',
    start(modulePath, options) {
      const id = nextId++;
      const child = new RelayedChild(id, parent);
      children.set(id, child);
      // The app starts the child with its own environment: nothing of ours needs to travel.
      parent.send({ type: 'child:start', id, modulePath, args: options.args ?? [], name: options.name } satisfies RelayRequest);
      return child;
    },
  };
}

/**
 * The app's side, one per render process: starts what the render asks for, if it is one
 * of `allowedModules`, with the app's launcher, and relays everything back.
 */
export class ChildRelay {
  private readonly children = new Map<number, ChildHandle>();

  constructor(
    private readonly launcher: ChildLauncher,
    private readonly allowedModules: readonly string[],
    private readonly reply: (event: RelayEvent) => void,
  ) {}

  handle(message: unknown): void {
    if (!isRelayMessage(message)) return;
    const request = message as RelayRequest;
    if (request.type === 'child:post') this.children.get(request.id)?.postMessage(request.message);
    else if (request.type === 'child:kill') this.children.get(request.id)?.kill();
    else if (request.type === 'child:start') this.start(request);
  }

  /** The render process is gone: its children go too. */
  killAll(): void {
    for (const child of this.children.values()) child.kill();
  }

  private start(request: Extract<RelayRequest, { type: 'child:start' }>): void {
    const { id } = request;
    // A render may start only the engine's own children, never a module it names freely.
    if (!this.allowedModules.some((allowed) => path.resolve(allowed) === path.resolve(request.modulePath))) {
      this.reply({ type: 'child:error', id, message: `the app does not start ${path.basename(request.modulePath)} for a render` });
      return;
    }
    const { NODE_OPTIONS: _ours, ...env } = process.env;
    const child = this.launcher.start(request.modulePath, { name: request.name, args: request.args, env });
    this.children.set(id, child);
    const relay = (stream: Readable, type: 'child:stdout' | 'child:stderr'): void => {
      const decoder = new StringDecoder('utf8');
      stream.on('data', (chunk: Buffer | string) => {
        const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
        if (text) this.reply({ type, id, text });
      });
      stream.on('end', () => {
        const rest = decoder.end();
        if (rest) this.reply({ type, id, text: rest });
      });
    };
    relay(child.stdout, 'child:stdout');
    relay(child.stderr, 'child:stderr');
    let spawned = false;
    const reportSpawn = (): void => {
      if (spawned || child.pid === undefined) return;
      spawned = true;
      this.reply({ type: 'child:spawned', id, pid: child.pid });
    };
    reportSpawn();
    child.on('message', (message) => {
      reportSpawn();
      this.reply({ type: 'child:message', id, message });
    });
    child.on('error', (error) => {
      this.children.delete(id);
      this.reply({ type: 'child:error', id, message: error.message });
    });
    child.on('close', (code, signal) => {
      this.children.delete(id);
      this.reply({ type: 'child:close', id, code, signal });
    });
  }
}
