import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { EventChannel, EventPayload, RequestChannel, RequestPayload, ResponseValue } from '../../src-shared/ipc/contract.js';
import type { IpcResponse } from '../../src-shared/ipc/envelope.js';
import type { WireEvent, WireServerMessage } from '../../src-shared/ipc/wire.js';
import { REPO_ROOT } from './fixtures.js';

/** `npm run host` in a child process, the way a creator (or CI) starts it. */
export interface HostProcess {
  child: ChildProcess;
  /** The first stdout line, exactly as printed. */
  firstLine: string;
  url: URL;
  origin: string;
  token: string;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/**
 * `ownRenderer`: serve (and, when missing or stale, build) the checkout's dist/renderer as
 * `npm run host` does. Otherwise the host gets an empty renderer folder of its own, so
 * tests that only talk to the socket never race each other building dist/renderer.
 */
export function startHostProcess(env: NodeJS.ProcessEnv = {}, options: { ownRenderer?: boolean } = {}): Promise<HostProcess> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: '0', ...env };
  if (options.ownRenderer) delete childEnv.TALKINGPHOTO_RENDERER_DIR;
  else childEnv.TALKINGPHOTO_RENDERER_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'tp-no-renderer-'));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src-main/doors/host/host.ts')], {
    cwd: REPO_ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error('the host printed no URL within 30 s')), 30_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${stderr}`));
    };
    const early = (code: number | null): void => fail(new Error(`the host exited (${code}) before printing its URL`));
    child.once('exit', early);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      child.off('exit', early);
      const firstLine = stdout.slice(0, newline);
      const url = new URL(firstLine);
      resolve({
        child,
        firstLine,
        url,
        origin: url.origin,
        token: url.searchParams.get('token') ?? '',
        stderr: () => stderr,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}

/** A client speaking the host's socket framing, with every event it heard kept in order. */
export class HostSocket {
  readonly events: WireEvent[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, (response: IpcResponse<unknown>) => void>();
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as WireServerMessage;
      if (message.type === 'event') this.events.push(message);
      else if (message.id !== null) {
        this.pending.get(message.id)?.(message.response);
        this.pending.delete(message.id);
      }
      for (const wake of this.waiters) wake();
    });
  }

  static open(host: HostProcess, options: { token?: string; origin?: string } = {}): Promise<HostSocket> {
    const token = options.token ?? host.token;
    const socket = new WebSocket(`ws://${host.url.host}/ipc?token=${encodeURIComponent(token)}`, { origin: options.origin });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new HostSocket(socket)));
      socket.once('unexpected-response', (_request, response) => reject(Object.assign(new Error(`refused: ${response.statusCode}`), { status: response.statusCode })));
      socket.once('error', reject);
    });
  }

  /** Sends any frame, well-formed or not; resolves with the next response to `id` (or to null). */
  sendRaw(frame: string, id: number | null): Promise<IpcResponse<unknown>> {
    return new Promise((resolve) => {
      const key = id ?? -1;
      if (id === null) {
        const onMessage = (data: WebSocket.RawData): void => {
          const message = JSON.parse(data.toString()) as WireServerMessage;
          if (message.type === 'response' && message.id === null) {
            this.socket.off('message', onMessage);
            resolve(message.response);
          }
        };
        this.socket.on('message', onMessage);
      } else {
        this.pending.set(key, resolve);
      }
      this.socket.send(frame);
    });
  }

  request<C extends RequestChannel>(channel: C, payload?: RequestPayload<C>): Promise<IpcResponse<ResponseValue<C>>> {
    const id = this.nextId++;
    return this.sendRaw(JSON.stringify({ type: 'request', id, channel, payload }), id) as Promise<IpcResponse<ResponseValue<C>>>;
  }

  /** Resolves with the first event (already heard or yet to come) that matches. */
  waitForEvent<E extends EventChannel>(event: E, match: (payload: EventPayload<E>) => boolean, timeoutMs = 60_000): Promise<EventPayload<E>> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.events.find((e) => e.event === event && match(e.payload as EventPayload<E>));
        if (!found) return false;
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve(found.payload as EventPayload<E>);
        return true;
      };
      const wake = (): void => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`no ${event} event within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(wake);
      check();
    });
  }

  close(): void {
    this.socket.close();
  }
}
