/**
 * A render in its own process: the app's main process stays responsive, a crash in the
 * engine cannot take the library down with it, and cancelling is a message (with a kill
 * as the backstop). Talks to its parent over its parent channel only (Node's IPC channel
 * under fork, `process.parentPort` in the desktop app's utility process).
 */
// First: the face model's thread boots while the rest of this process loads (render-process-warm.ts).
import './render-process-warm.js';
import path from 'node:path';
import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import { describeError } from '../log/logger.js';
import { openProcessLog } from '../log/process-log.js';
import type { RenderRequest } from '../../../src-shared/render.js';
import { renderProject } from '../../engine/pipeline/render-project.js';
import { openProviderSession } from '../services/open-provider-session.js';
import { cloudRoutes } from '../services/cloud-routes.js';
import { registerChildLauncher } from '../../engine/child/child-launcher.js';
import { relayedChildLauncher } from '../../engine/child/child-relay.js';
import { inUtilityProcess, parentChannel } from '../../engine/child/parent-channel.js';
import type { ChildMessage, ParentMessage } from './render-process-messages.js';
import { rememberToolVersionsIn } from '../../engine/media/ffmpeg.js';
import { dataFolder } from '../library/data-folder.js';

// Straight into the data folder's log file, like the app: a line written just before a
// crash is on disk, where one posted to the parent could be lost with the process.
// `tp batch --verbose` asks for the lines on stderr too (cli-log.ts), which the parent passes on.
const log = openProcessLog({ process: 'render', ...(process.env.TALKINGPHOTO_LOG_ECHO === 'readable' ? { echo: 'readable' as const } : {}) }).child({ module: 'render-process' });
process.on('uncaughtException', (error) => {
  log.error('render process crashed', { error: describeError(error) });
  // Also where Node would have put it: the parent keeps this process's last stderr as the failure's detail.
  process.stderr.write(`${describeError(error)}\n`);
  process.exit(1);
});

// ffmpeg's and ffprobe's versions come from the data folder, not two process starts per render.
rememberToolVersionsIn(path.join(dataFolder(), 'cache', 'tool-versions.json'));

const controller = new AbortController();
const parent = parentChannel();
// A utility process (the desktop app) cannot start a Node of its own: eSpeak is started by the app.
if (inUtilityProcess()) registerChildLauncher(relayedChildLauncher(parent));

function send(message: ChildMessage): void {
  parent.send(message);
}

// The parent went away (closed, crashed, killed -9): stop at once, the staging folder is
// removed by the render's own cleanup and the queue re-runs the job on the next start.
parent.onParentGone(() => {
  controller.abort();
  setTimeout(() => process.exit(1), 5000).unref();
});

parent.onMessage((raw) => {
  const message = raw as ParentMessage;
  if (message.type === 'cancel') controller.abort();
  if (message.type === 'render') void run(message.request, message.jobId);
});

async function run(request: RenderRequest, jobId: string | undefined): Promise<void> {
  let opened: Awaited<ReturnType<typeof openProviderSession>> = null;
  let outcome: ChildMessage;
  try {
    // Its own connection to the library: every provider attempt is recorded as it happens.
    opened = await openProviderSession(request);
    const report = await renderProject(request, {
      ...(jobId !== undefined ? { jobId } : {}),
      signal: controller.signal,
      onProgress: (progress) => send({ type: 'progress', progress }),
      ...(opened ? { cloud: cloudRoutes(opened.session) } : {}),
    });
    outcome = { type: 'done', report };
  } catch (error) {
    if (isTalkingPhotoError(error)) outcome = { type: 'failed', error: { code: error.code, message: error.message, detail: error.detail } };
    else outcome = { type: 'failed', error: { code: 'UNEXPECTED', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } };
  } finally {
    opened?.close();
  }
  // The last word comes after the cleanup: the parent may end this process once it has it.
  send(outcome);
  parent.close();
}

send({ type: 'ready' });
