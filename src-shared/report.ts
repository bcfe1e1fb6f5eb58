import type { MotionSettings, RenderStage } from './render.js';

/** `report.json`: what was made, how long each stage took, and how good it is. */
export interface RenderReport {
  version: 1;
  createdAt: string;
  files: { video: string; enhancedPhoto: string; report: string };
  input: {
    photo: { name: string; format: string; bytes: number; width: number; height: number; downscaled: boolean };
    script?: { characters: number; language: string; voice: string };
    audio?: { name: string };
  };
  output: {
    width: number;
    height: number;
    fps: number;
    frames: number;
    durationS: number;
    sizeBytes: number;
    video: { codec: string; profile?: string; pixelFormat?: string };
    audio: { codec: string; sampleRate?: number; channels?: number };
    faststart: boolean;
  };
  stages: Array<{ stage: RenderStage; durationMs: number }>;
  totalMs: number;
  face: {
    /** In photo pixels (after intake). */
    box: { x: number; y: number; width: number; height: number };
    /** In video pixels. */
    boxInVideo: { x: number; y: number; width: number; height: number };
    confidence: number;
    facesFound: number;
    others: Array<{ x: number; y: number; width: number; height: number }>;
  };
  voice: {
    source: 'tts' | 'recording';
    durationS: number;
    words: Array<{ text: string; startS: number; endS: number }>;
    /** EBU R128 as received and as muxed (LUFS); a recording's true peak as muxed (dBTP). */
    loudness: { inputLufs?: number; outputLufs?: number; truePeakDbtp?: number };
    /** The creator's own recording: what its cleanup did (issue 16). Absent for a script's voice. */
    cleanup?: VoiceCleanupReport;
  };
  quality: {
    image: { before: number; after: number; chosen: string; applied: string[]; details: { before: unknown; after: unknown } };
    video?: unknown;
    /** The one-pass check of the written file: lengths, frozen and black stretches, loudness. */
    health?: unknown;
    /** Scores 0–10 against the spec's thresholds, what is weak, and the retry if one ran. */
    scores?: QualityScoresReport;
    /** Does the mouth say the words: measured on the rendered frames against the spoken phones (with verification on). */
    visemes?: VisemesReport;
  };
  motion: MotionSettings & { blinksPlanned: number };
  animation: {
    /** The only part of the frame that moves, in video pixels; everything else is the still photo. */
    region: { x: number; y: number; width: number; height: number };
    drawMs: number;
  };
  /** Present when platforms were chosen: where the kit is and how its checks went. */
  kit?: {
    manifest: string;
    zip?: string;
    renditions: Array<{ platform: string; width: number; height: number; failedChecks: string[] }>;
  };
  /**
   * Cloud routes (issue 7), present when any was planned: each capability's plan (routes
   * and why others were passed over) and every attempt, with cost and why the router
   * moved on. Never holds a key.
   */
  providers?: ProvidersReport;
  /** Which ffmpeg/ffprobe pair decoded and encoded, as they name their versions (issue 13). */
  tools: {
    ffmpeg: { path: string; source: string; version?: string };
    ffprobe: { path: string; source: string; version?: string };
    /** Set when the pair is older than ffmpeg 5 or mixed: what to install instead. */
    warning?: string;
    /** `fallback`: the chosen system voice was gone and eSpeak spoke; the sentence saying so. */
    tts?: { name: string; version?: string; voice?: string; license?: string; fallback?: string };
  };
}

/**
 * What was done to the creator's own recording before it was muxed
 * (src-main/voice/voice-cleanup.ts): a rumble filter, noise suppression and de-essing,
 * unless the raw take was kept; the loudness step always.
 */
export interface VoiceCleanupReport {
  /** The creator kept the raw take (`--raw-voice`, "Keep my raw take"): only the loudness step ran. */
  rawKept: boolean;
  /** The cleanup ran and its result is what the video carries (false: kept raw, or no speech for it to find). */
  applied: boolean;
  /** The rumble filter's corner, Hz; null when it did not run. */
  highPassHz: number | null;
  /** How far the take's noise floor came down under noise suppression and de-essing, dB; null when they did not run. */
  noiseReductionDb: number | null;
  noiseFloorDbfs: { before: number; after: number } | null;
  /** Share of the take the de-esser turned down and its deepest cut, dB; null when it did not run. */
  deEss: { share: number; maxReductionDb: number } | null;
  /** Share of the take's 10 ms frames the noise suppressor heard as speech; null when it did not run. */
  speechShare: number | null;
  /** EBU R128: the take as received and as muxed (LUFS), and the muxed voice's true peak (dBTP). */
  loudness: { beforeLufs: number | null; afterLufs: number | null; truePeakAfterDbtp: number | null };
}

export interface QualityScoresReport {
  image: number;
  /** Null when nothing about the video could be measured. */
  video: number | null;
  overall: number | null;
  thresholds: { image: number; video: number; overall: number };
  passed: boolean;
  /** Which totals are under their thresholds. */
  below: Array<'image' | 'video' | 'overall'>;
  videoParts: Array<{ name: string; score0to1: number | null; weight: number; detail: string }>;
  /** Plain sentences naming what is weak and the step that makes it. */
  weak: Array<{ step: 'enhance' | 'voice' | 'animate'; part: string; what: string }>;
  retry?: {
    reasons: string[];
    steps: Array<'enhance' | 'voice' | 'animate'>;
    motion?: MotionSettings;
    /** Which attempt the files come from. */
    kept: 'first' | 'retry';
    first: { image: number; video: number | null; overall: number | null };
  };
}


/**
 * Issue 14's mouth measures (src-main/verify/viseme-measures.ts): the face mesh tracks the
 * rendered frames; each phone is judged at the pose it reaches from 60 ms before its onset
 * to its end. Gaps and widths are in eye distances.
 */
export interface VisemesReport {
  /** How the phones were timed: exact from the synthesizer, aligned to a transcript, or estimated from the audio. */
  method: 'synthesizer' | 'aligned' | 'acoustic';
  closure: {
    /** p/b/m phones with a tracked frame in their window, and how many the lips closed on. */
    phones: number;
    closed: number;
    share: number;
    /** p/b/m phones with no tracked frame (face lost): counted neither way. */
    unmeasured: number;
    /** The photo's own gap; the rest a closure comes back to (the photo's, at most shut lips'); the gap's 90th percentile while speaking; the most a closure may leave open. */
    photoGap: number;
    restGap: number;
    speechP90Gap: number;
    thresholdGap: number;
  };
  /** Mean widest gap on open vowels ÷ mean narrowest gap on p/b/m. */
  openVsClosed: { openPhones: number; closedPhones: number; meanOpenGap: number; meanClosedGap: number; ratio: number | null };
  /** Mean narrowest inner-mouth width on u/o/w ÷ mean widest on i/e. */
  rounding: { roundedPhones: number; spreadPhones: number; meanRoundedWidth: number; meanSpreadWidth: number; ratio: number | null };
  /** Frames by which the picture leads the sound (negative: it trails), and the correlation at that shift. */
  lead: { frames: number; r: number };
  /** Null where the passage has no phone of the kind a measure needs. */
  passed: { closure: boolean | null; openVsClosed: boolean | null; rounding: boolean | null };
  targets: { closureShare: number; openToClosed: number; roundedToSpread: number };
}

export interface ProviderAttemptReport {
  provider: string;
  capability: string;
  outcome: string;
  reason: string | null;
  message: string | null;
  retries: number;
  estimatedCostUsd: number;
  actualCostUsd: number | null;
  chargedUsd: number;
  latencyMs: number;
  qualityScore: number | null;
}

export interface ProvidersReport {
  tier: string;
  /** What was spent on cloud providers for this render, USD. */
  spentUsd: number;
  plans: Array<{
    capability: string;
    routes: Array<{ provider: string; estimateUsd: number }>;
    skipped: Array<{ provider: string; reason: string; message: string }>;
    estimateUsd: number;
  }>;
  attempts: ProviderAttemptReport[];
  /** Which provider made each part of the video. */
  used: { image: string; speech: string; video: string };
}
