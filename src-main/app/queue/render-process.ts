import { fileURLToPath } from 'node:url';
import { TalkingPhotoError, type ErrorCode, ERROR_CODES } from '../../../src-shared/errors.js';
import type { RenderProgress, RenderRequest } from '../../../src-shared/render.js';
import type { RenderReport } from '../../../src-shared/report.js';
import { childLauncher } from '../../engine/child/child-launcher.js';
import { ChildProcessError, startNodeChild, type ChildResult } from '../../engine/child/run-child.js';
import { ChildRelay, isRelayMessage } from '../../engine/child/child-relay.js';
import { cancelled } from '../../engine/pipeline/cancellation.js';
import { LEAN_V8_FLAGS, leanMallocEnv } from '../../engine/media/lean-malloc.js';
import { moduleLog } from '../log/process-log.js';
import { WARM_FACE_ARG, type ChildMessage, type ParentMessage } from './render-process-messages.js';

export interface RenderProcessHooks {
  onProgress?: (progress: RenderProgress) => void;
  signal?: AbortSignal;
  /** Called with the child's pid once it runs (tests and diagnostics). */
  onStart?: (pid: number) => void;
  /** The queue's job, named on the render's log lines. */
  jobId?: string;
}

const log = moduleLog('render-process');

/** How long a cancelled render may take to clean up before it is killed. */
const CANCEL_GRACE_MS = 5000;
/** A render that has sent its last word and cleaned up ends by itself well within this. */
const EXIT_GRACE_MS = 10_000;

/**
 * The one child a render may ask the app to start for it (child-relay.ts): eSpeak's worker,
 * beside espeak-process.ts, which starts it.
 */
const ESPEAK_WORKER = fileURLToPath(new URL('../../engine/voice/espeak-worker.mjs', import.meta.url));

function entryPoint(): string {
  // Development runs the TypeScript entry (through tsx); built code runs plain JavaScript.
  const typescript = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(`./render-process-entry.${typescript ? 'ts' : 'js'}`, import.meta.url));
}

/** The render process's environment: its allocator kept lean (media/lean-malloc.ts, issue 15's ≤ 500 MB). */
export function renderProcessEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return leanMallocEnv(base);
}

/**
 * Runs `renderProject` in a child process and resolves with its report. Errors keep their
 * typed code; an engine crash becomes RENDER_FAILED. The process comes from the
 * registered launcher: a Node fork, or a utility process in the desktop app.
 */
export async function renderInChildProcess(request: RenderRequest, hooks: RenderProcessHooks = {}): Promise<RenderReport> {
  if (hooks.signal?.aborted) throw cancelled();
  let outcome: { report?: RenderReport; error?: Error } | undefined;
  // Under `tp batch --verbose` the child echoes its log lines on stderr: they go on to ours.
  const echo = process.env.TALKINGPHOTO_LOG_ECHO === 'readable';
  const child = startNodeChild(entryPoint(), {
    name: 'the render process',
    // A render that may run here (not one named for a cloud provider) needs the face model first.
    args: Array.isArray(request.route) ? [] : [WARM_FACE_ARG],
    env: renderProcessEnv(),
    execArgv: LEAN_V8_FLAGS,
    // Its answer is a message, not its exit code: the code only matters when no answer came.
    expectedExitCodes: 'any',
    signal: hooks.signal,
    onAbort: () => send({ type: 'cancel' }),
    abortGraceMs: CANCEL_GRACE_MS,
    stderrTailChars: 8000,
    ...(echo ? { onStderr: (text: string) => void process.stderr.write(text) } : {}),
  });
  child.stdout.resume();
  const send = (message: ParentMessage): void => child.postMessage(message);
  // In the desktop app the render cannot start eSpeak itself: the app does, for it.
  const relay = new ChildRelay(childLauncher(), [ESPEAK_WORKER], (event) => child.postMessage(event));
  let started = false;
  const reportStart = (): void => {
    if (started || child.pid === undefined) return;
    started = true;
    hooks.onStart?.(child.pid);
  };
  reportStart();
  child.onMessage((raw) => {
    if (isRelayMessage(raw)) {
      relay.handle(raw);
      return;
    }
    const message = raw as ChildMessage;
    reportStart();
    if (message.type === 'ready') send({ type: 'render', request, ...(hooks.jobId !== undefined ? { jobId: hooks.jobId } : {}) });
    else if (message.type === 'progress') hooks.onProgress?.(message.progress);
    else if (message.type === 'done') outcome = { report: message.report };
    else if (message.type === 'failed') {
      const code = (ERROR_CODES as readonly string[]).includes(message.error.code) ? (message.error.code as ErrorCode) : undefined;
      outcome = {
        error: code ? new TalkingPhotoError(code, message.error.message, { detail: message.error.detail }) : new Error(`render process failed: ${message.error.message}`),
      };
    }
    // Its last word comes after its cleanup; one that then lingers is ended.
    if (message.type === 'done' || message.type === 'failed') child.killAfter(EXIT_GRACE_MS);
  });
  let exit: ChildResult;
  try {
    exit = await child.done;
  } catch (error) {
    if (error instanceof ChildProcessError && error.reason === 'start') {
      const detail = error.cause instanceof Error ? error.cause.message : error.message;
      throw new TalkingPhotoError('RENDER_FAILED', 'The render could not start: try again, and report it with the diagnostics if it happens twice.', { detail });
    }
    throw error;
  } finally {
    // The render process is gone: children the app started for it go too.
    relay.killAll();
  }
  if (outcome?.report) return outcome.report;
  if (outcome?.error) throw outcome.error;
  // Its own log lines stop where it died; what it printed last is only here.
  const stderr = exit.stderr.slice(-2000);
  log.error('render process ended without an answer', { jobId: hooks.jobId, exitCode: exit.code, signal: exit.signal, stderr });
  throw new TalkingPhotoError('RENDER_FAILED', 'The render stopped unexpectedly: try again, and report it with the diagnostics if it happens twice.', {
    detail: `render process exited (${exit.code ?? exit.signal}): ${stderr}`,
  });
}
