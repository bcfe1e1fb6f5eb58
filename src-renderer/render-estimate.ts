/**
 * What a video will cost and roughly how long it takes, shown before Generate (SPEC §1
 * step 2). Every engine the form uses is local, so the cost is always 0; the time is
 * the queue's own prior (src-main/queue/render-eta.ts, measured with `npm run bench` on
 * a 2-core machine) for its default job: 720×1280 with the quality check. The queue
 * learns this machine's real speed after one render and shows that in its ETA.
 */

/** eSpeak speaks about 14 characters a second (src-main/queue/render-eta.ts `estimateVoiceSeconds`). */
const CHARS_PER_VOICE_SECOND = 14;
/** Fixed work of every render (reading, face, enhance, voice start, animate start, check start), in ms. */
const FIXED_MS = 1800;
/** Per second of voice: speaking 90 + animating 190 × 0.92 MP + checking 1150, in ms. */
const PER_VOICE_SECOND_MS = 1415;
/** The export kit, when it has platforms: 600 ms, then 250 × 0.92 MP per second of voice. */
const KIT_FIXED_MS = 600;
const KIT_PER_VOICE_SECOND_MS = 230;

export interface RenderEstimate {
  /** Always 0: local engines cost nothing (SPEC §2). */
  costUsd: number;
  /** Seconds of speech the script makes; null when a recording of unknown length speaks instead. */
  voiceSeconds: number | null;
  /** Milliseconds to make the video and its kit; null when the voice length is unknown. */
  renderMs: number | null;
}

export function voiceSecondsOf(script: string): number {
  return Math.max(1, [...script.trim()].length / CHARS_PER_VOICE_SECOND);
}

export function estimateRender(input: { script: string; platforms: number; recording: boolean }): RenderEstimate {
  if (input.recording || input.script.trim() === '') return { costUsd: 0, voiceSeconds: null, renderMs: null };
  const voiceSeconds = voiceSecondsOf(input.script);
  const kit = input.platforms > 0 ? KIT_FIXED_MS + KIT_PER_VOICE_SECOND_MS * voiceSeconds : 0;
  return { costUsd: 0, voiceSeconds, renderMs: FIXED_MS + PER_VOICE_SECOND_MS * voiceSeconds + kit };
}

/** "about 15 s", "about 2 min": a rough figure, rounded the way a person would say it. */
export function formatRoughDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return 'a few seconds';
  if (seconds < 60) return `about ${Math.round(seconds / 5) * 5} s`;
  return `about ${Math.round(seconds / 60)} min`;
}
