/**
 * A render in its own process: the app's main process stays responsive, a crash in the
 * engine cannot take the library down with it, and cancelling is a message (with a kill
 * as the backstop). Talks to its parent over the Node IPC channel only.
 */
import { isTalkingPhotoError } from '../../src-shared/errors.js';
import type { RenderRequest } from '../../src-shared/render.js';
import { renderProject } from '../pipeline/render-project.js';
import { openProviderSession } from '../providers/open-session.js';
import type { ChildMessage, ParentMessage } from './render-process-messages.js';

const controller = new AbortController();

function send(message: ChildMessage): void {
  process.send?.(message);
}

// The parent went away (closed, crashed, killed -9): stop at once, the staging folder is
// removed by the render's own cleanup and the queue re-runs the job on the next start.
process.on('disconnect', () => {
  controller.abort();
  setTimeout(() => process.exit(1), 5000).unref();
});

process.on('message', (message: ParentMessage) => {
  if (message.type === 'cancel') controller.abort();
  if (message.type === 'render') void run(message.request);
});

async function run(request: RenderRequest): Promise<void> {
  let opened: Awaited<ReturnType<typeof openProviderSession>> = null;
  try {
    // Its own connection to the library: every provider attempt is recorded as it happens.
    opened = await openProviderSession(request);
    const report = await renderProject(request, {
      signal: controller.signal,
      onProgress: (progress) => send({ type: 'progress', progress }),
      ...(opened ? { providers: opened.session } : {}),
    });
    send({ type: 'done', report });
  } catch (error) {
    if (isTalkingPhotoError(error)) send({ type: 'failed', error: { code: error.code, message: error.message, detail: error.detail } });
    else send({ type: 'failed', error: { code: 'UNEXPECTED', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } });
  } finally {
    opened?.close();
    process.disconnect?.();
  }
}

send({ type: 'ready' });
