import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TalkingPhotoError, type ErrorCode, ERROR_CODES } from '../../src-shared/errors.js';
import type { RenderProgress, RenderRequest } from '../../src-shared/render.js';
import type { RenderReport } from '../../src-shared/report.js';
import { cancelled } from '../media/run-process.js';
import type { ChildMessage, ParentMessage } from './render-process-messages.js';

export interface RenderProcessHooks {
  onProgress?: (progress: RenderProgress) => void;
  signal?: AbortSignal;
  /** Called with the child's pid once it runs (tests and diagnostics). */
  onStart?: (pid: number) => void;
}

/** How long a cancelled render may take to clean up before it is killed. */
const CANCEL_GRACE_MS = 5000;

function entryPoint(): { file: string; execArgv: string[] } {
  const typescript = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(new URL(`./render-process-entry.${typescript ? 'ts' : 'js'}`, import.meta.url));
  // Development runs TypeScript through tsx; built code runs as plain JavaScript.
  return { file, execArgv: typescript ? ['--import', 'tsx'] : [] };
}

/**
 * Runs `renderProject` in a child process and resolves with its report. Errors keep their
 * typed code; an engine crash becomes RENDER_FAILED. Works under Node and under Electron
 * (ELECTRON_RUN_AS_NODE makes the Electron binary a plain Node).
 */
export function renderInChildProcess(request: RenderRequest, hooks: RenderProcessHooks = {}): Promise<RenderReport> {
  const { file, execArgv } = entryPoint();
  return new Promise((resolve, reject) => {
    if (hooks.signal?.aborted) {
      reject(cancelled());
      return;
    }
    const child = spawn(process.execPath, [...execArgv, file], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      windowsHide: true,
    });
    let stderr = '';
    let outcome: { report?: RenderReport; error?: Error } | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8000);
    });
    const send = (message: ParentMessage): void => {
      if (child.connected) child.send(message);
    };
    const onAbort = (): void => {
      send({ type: 'cancel' });
      killTimer = setTimeout(() => child.kill('SIGKILL'), CANCEL_GRACE_MS);
    };
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    if (child.pid) hooks.onStart?.(child.pid);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') send({ type: 'render', request });
      else if (message.type === 'progress') hooks.onProgress?.(message.progress);
      else if (message.type === 'done') outcome = { report: message.report };
      else if (message.type === 'failed') {
        const code = (ERROR_CODES as readonly string[]).includes(message.error.code) ? (message.error.code as ErrorCode) : undefined;
        outcome = {
          error: code
            ? new TalkingPhotoError(code, message.error.message, { detail: message.error.detail })
            : new Error(`render process failed: ${message.error.message}`),
        };
      }
    });
    child.on('error', (error) => {
      outcome ??= { error };
    });
    child.on('close', (exitCode, signal) => {
      hooks.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (hooks.signal?.aborted) return reject(cancelled());
      if (outcome?.report) return resolve(outcome.report);
      if (outcome?.error) return reject(outcome.error);
      reject(
        new TalkingPhotoError('RENDER_FAILED', 'The render stopped unexpectedly: try again, and report it with the diagnostics if it happens twice.', {
          detail: `render process exited (${exitCode ?? signal}): ${stderr.slice(-2000)}`,
        }),
      );
    });
  });
}
