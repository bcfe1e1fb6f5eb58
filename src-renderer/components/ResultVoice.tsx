import type { RenderReport } from '../../src-shared/report.js';
import { cleanupSentence } from '../../src-shared/voices.js';

/**
 * What became of the voice, on the Result screen: the sentence saying another voice spoke
 * when the chosen computer voice was gone (report.json `tools.tts.fallback`), and what the
 * cleanup did to the creator's own recording (`voice.cleanup`).
 */

export function ResultVoice({ report }: { report: RenderReport | null }) {
  if (!report) return null;
  const fallback = report.tools.tts?.fallback;
  const cleanup = cleanupSentence(report.voice.cleanup);
  if (!fallback && !cleanup) return null;
  return (
    <>
      {fallback && (
        <p className="notice" role="status">
          {fallback}
        </p>
      )}
      {cleanup && <p className="hint">{cleanup}</p>}
    </>
  );
}
