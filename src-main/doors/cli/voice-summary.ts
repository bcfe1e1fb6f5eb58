import type { RenderReport } from '../../../src-shared/report.js';
import { cleanupSentence } from '../../../src-shared/voices.js';

/**
 * `tp render`'s lines about the voice: the sentence saying another voice spoke when the
 * chosen computer voice was gone (issue 16: shown wherever the video is, not only in
 * report.json), and what the cleanup did to the creator's own recording.
 */
export function voiceSummaryLines(report: RenderReport): string[] {
  const fallback = report.tools.tts?.fallback;
  const cleanup = cleanupSentence(report.voice.cleanup);
  return [...(fallback ? [`Voice: ${fallback}`] : []), ...(cleanup ? [`Voice: ${cleanup}`] : [])];
}
