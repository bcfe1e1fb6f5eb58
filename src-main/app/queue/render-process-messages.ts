import type { RenderProgress, RenderRequest } from '../../../src-shared/render.js';
import type { RenderReport } from '../../../src-shared/report.js';

/**
 * Given to a render process whose render will run locally (render-process-warm.ts): it
 * boots the face model's thread before anything else, while its own code loads and the
 * request is on its way.
 */
export const WARM_FACE_ARG = '--warm-face';

/** Messages between the app and a render process (Node IPC channel, structured clone). */
export type ParentMessage = { type: 'render'; request: RenderRequest; jobId?: string } | { type: 'cancel' };

export type ChildMessage =
  { type: 'ready' } | { type: 'progress'; progress: RenderProgress } | { type: 'done'; report: RenderReport } | { type: 'failed'; error: { code: string; message: string; detail?: string } };
