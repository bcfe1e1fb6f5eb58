/**
 * What a video will cost and roughly how long it takes, shown before Generate (SPEC §1
 * step 2). Every engine the form uses is local, so the cost is always 0; the time is
 * the queue's own prior (src-main/queue/render-eta.ts, measured with `npm run bench` on
 * a 2-core machine) for its default job: 720×1280 with the quality check. The queue
 * learns this machine's real speed after one render and shows that in its ETA.
 */

/** eSpeak's English voice speaks about 17.5 characters a second (src-main/queue/render-eta.ts `estimateVoiceSeconds`). */
const CHARS_PER_VOICE_SECOND = 17.5;
/** Silence before and after the words (tts.ts LEAD_IN_S + TAIL_S). */
const VOICE_EDGES_S = 0.45;
/**
 * The queue's priors for its default render (720×1280, 0.92 MP), in ms: the photo's stages
 * (intake 50 + face 450 + enhance 400) beside the voice (1300 + 30 a second of voice), then
 * the animation (200 + 190 × 0.92 MP a second), then the check (400 + 160 a second) and
 * the kit (600 + 250 × 0.92 MP a second), and 400 outside the stages.
 */
const PHOTO_MS = 900;
const VOICE_MS = { fixed: 1300, perSecond: 30 };
const ANIMATE_MS = { fixed: 200, perSecond: 190 * 0.9216 };
const CHECK_MS = { fixed: 400, perSecond: 160 };
/** The frame check judges the first 20 s (src-shared VERIFY_MAX_SECONDS); the file check beside it reads the rest, 40 × 0.92 MP a second. */
const CHECK_MAX_S = 20;
const FILE_CHECK_PER_SECOND_MS = 40 * 0.9216;
const KIT_MS = { fixed: 600, perSecond: 250 * 0.9216 };
const OUTSIDE_MS = 400;

export interface RenderEstimate {
  /** Always 0: local engines cost nothing (SPEC §2). */
  costUsd: number;
  /** Seconds of speech the script makes; null when a recording of unknown length speaks instead. */
  voiceSeconds: number | null;
  /** Milliseconds to make the video and its kit; null when the voice length is unknown. */
  renderMs: number | null;
}

export function voiceSecondsOf(script: string): number {
  return Math.max(1, VOICE_EDGES_S + [...script.trim()].length / CHARS_PER_VOICE_SECOND);
}

export function estimateRender(input: { script: string; platforms: number; recording: boolean }): RenderEstimate {
  if (input.recording || input.script.trim() === '') return { costUsd: 0, voiceSeconds: null, renderMs: null };
  const voiceSeconds = voiceSecondsOf(input.script);
  const cost = (c: { fixed: number; perSecond: number }): number => c.fixed + c.perSecond * voiceSeconds;
  const kit = input.platforms > 0 ? cost(KIT_MS) : 0;
  const check = CHECK_MS.fixed + CHECK_MS.perSecond * Math.min(voiceSeconds, CHECK_MAX_S) + FILE_CHECK_PER_SECOND_MS * Math.max(0, voiceSeconds - CHECK_MAX_S);
  // The same schedule as the queue's: the voice beside the photo counts once, the longer of the two.
  return { costUsd: 0, voiceSeconds, renderMs: Math.max(PHOTO_MS, cost(VOICE_MS)) + cost(ANIMATE_MS) + check + kit + OUTSIDE_MS };
}

/** "about 15 s", "about 2 min": a rough figure, rounded the way a person would say it. */
export function formatRoughDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return 'a few seconds';
  if (seconds < 60) return `about ${Math.round(seconds / 5) * 5} s`;
  return `about ${Math.round(seconds / 60)} min`;
}
