import { VERIFY_MAX_SECONDS } from '../../../src-shared/limits.js';
import type { RenderStage } from '../../../src-shared/render.js';

/**
 * An honest ETA: how long each stage took on this machine before, per second of voice
 * and per megapixel of frame where that is what the stage's cost follows. Until there is
 * history, priors measured on a 2-core laptop-class machine (npm run bench) stand in.
 *
 * Stages overlap the way the pipeline runs them (render-project.ts): the photo's stages
 * (intake → face → enhance) beside the voice, then the animation, then the check of the
 * frames and the export kit. What is left is the longest path through that schedule,
 * not the sum of every stage (which counted the photo's stages and the voice both).
 */
export interface PastRender {
  stages: Array<{ stage: RenderStage; durationMs: number }>;
  voiceSeconds: number;
  width: number;
  height: number;
  /** Whether the face-mesh check ran; without it the verify stage is only the quick file check. */
  verified?: boolean;
  /** The render's wall time (report.json's totalMs): what the stages leave out is learned from it. */
  totalMs?: number;
}

export interface RenderShape {
  voiceSeconds: number;
  width: number;
  height: number;
  verify: boolean;
  /** How many platforms the kit is built for (0: no kit). */
  platforms?: number;
}

type Cost = { fixedMs: number; perVoiceSecondMs: number; perMegapixelSecondMs: number };

/** Priors from `npm run bench` (10 s at 720×1280 and 1080×1920) on this project's 2-core machines. */
const PRIORS: Record<RenderStage, Cost> = {
  intake: { fixedMs: 50, perVoiceSecondMs: 0, perMegapixelSecondMs: 0 },
  face: { fixedMs: 450, perVoiceSecondMs: 0, perMegapixelSecondMs: 0 },
  enhance: { fixedMs: 400, perVoiceSecondMs: 0, perMegapixelSecondMs: 0 },
  // eSpeak: 1.66 s for 9.5 s of speech, 2.06 s for 59.7 s (mostly starting its worker); a
  // cleaned recording: 1.80 s for 10 s, 4.14 s for 60 s. One line between the two: a 60 s
  // clip's voice was predicted at 8 s from the old 90 ms a second, and its ETA 40 % long.
  voice: { fixedMs: 1300, perVoiceSecondMs: 30, perMegapixelSecondMs: 0 },
  animate: { fixedMs: 200, perVoiceSecondMs: 0, perMegapixelSecondMs: 190 },
  // The frame check meshes a dozen frames, not every one: 1.9 s for a 10 s clip (it was 1150 ms a second).
  verify: { fixedMs: 400, perVoiceSecondMs: 160, perMegapixelSecondMs: 0 },
  // Renditions are encoded together from one decode; about the cost of the master again.
  kit: { fixedMs: 600, perVoiceSecondMs: 0, perMegapixelSecondMs: 250 },
};

/** The verify stage without the face mesh: one decode of the file for lengths, stillness and loudness. */
const FILE_CHECK = { fixedMs: 100, perMegapixelSecondMs: 40 };

/**
 * Work outside any stage (the render process starting, probing the file, writing the
 * report), measured 0.3–0.6 s on the bench's 10 s clips; learned from totalMs once known.
 */
const OUTSIDE_STAGES_MS = 400;

/** The schedule: each step waits for the one before; the lanes inside a step run side by side. */
const SCHEDULE: ReadonlyArray<ReadonlyArray<readonly RenderStage[]>> = [
  [['intake', 'face', 'enhance'], ['voice']],
  [['animate']],
  // The frame check, then the kit: side by side their memory added up (pipeline/attempt-checks.ts).
  [['verify', 'kit']],
];

/** How many past renders the estimate learns from: recent ones reflect today's machine. */
const HISTORY = 30;

function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function predictFromPrior(stage: RenderStage, shape: RenderShape): number {
  const cost = PRIORS[stage];
  const megapixels = (shape.width * shape.height) / 1e6;
  // The frame check judges at most VERIFY_MAX_SECONDS of a long clip (windows spread over it); the file check beside it reads all of it.
  const perVoiceSeconds = stage === 'verify' ? Math.min(shape.voiceSeconds, VERIFY_MAX_SECONDS) : shape.voiceSeconds;
  const fileCheck = stage === 'verify' ? FILE_CHECK.perMegapixelSecondMs * megapixels * Math.max(0, shape.voiceSeconds - VERIFY_MAX_SECONDS) : 0;
  return cost.fixedMs + cost.perVoiceSecondMs * perVoiceSeconds + cost.perMegapixelSecondMs * megapixels * shape.voiceSeconds + fileCheck;
}

export class RenderEta {
  private readonly history: PastRender[] = [];

  constructor(past: readonly PastRender[] = []) {
    for (const render of past.slice(-HISTORY)) this.history.push(render);
  }

  learn(render: PastRender): void {
    this.history.push(render);
    if (this.history.length > HISTORY) this.history.shift();
  }

  /**
   * Expected milliseconds for a stage: the prior's shape scaled by how this machine
   * compared with the prior on past renders (median ratio), so a slow laptop gets slow
   * estimates after one render.
   */
  stageMs(stage: RenderStage, shape: RenderShape): number {
    if (stage === 'verify' && !shape.verify) return FILE_CHECK.fixedMs + FILE_CHECK.perMegapixelSecondMs * ((shape.width * shape.height) / 1e6) * shape.voiceSeconds;
    const prior = predictFromPrior(stage, shape);
    const ratios = this.history
      .filter((past) => stage !== 'verify' || past.verified !== false)
      .map((past) => {
        const took = past.stages.find((s) => s.stage === stage)?.durationMs;
        const expected = predictFromPrior(stage, { ...past, verify: true });
        return took !== undefined && expected > 0 ? took / expected : undefined;
      })
      .filter((r): r is number => r !== undefined && Number.isFinite(r));
    return prior * (median(ratios) ?? 1);
  }

  /** Milliseconds outside the stages: the prior until past renders say what it is here. */
  outsideMs(): number {
    const measured = this.history.filter((past) => past.totalMs !== undefined).map((past) => past.totalMs! - longestPath((stage) => past.stages.find((s) => s.stage === stage)?.durationMs ?? 0));
    return Math.max(0, median(measured) ?? OUTSIDE_STAGES_MS);
  }

  /** The whole render's milliseconds before it starts. */
  totalMs(shape: RenderShape): number {
    return this.progress(shape).remainingMs();
  }

  /** Follows one render's progress events (stages may report in turns) and says what is left. */
  progress(shape: RenderShape): RenderProgressEta {
    return new RenderProgressEta(this, shape);
  }

  /**
   * Milliseconds left, given only the stage now running and its percent done: the steps
   * before it count as done, the stages beside it as not started.
   */
  remainingMs(shape: RenderShape, current: RenderStage, percent: number): number {
    const tracker = this.progress(shape);
    const step = SCHEDULE.findIndex((lanes) => lanes.some((lane) => lane.includes(current)));
    for (const stage of SCHEDULE.slice(0, step).flat(2)) tracker.update(stage, 100);
    return tracker.update(current, percent);
  }
}

/** The longest path through the schedule, given each stage's milliseconds. */
function longestPath(msOf: (stage: RenderStage) => number): number {
  let total = 0;
  for (const lanes of SCHEDULE) total += Math.max(...lanes.map((lane) => lane.reduce((sum, stage) => sum + msOf(stage), 0)));
  return total;
}

/**
 * One render's ETA as its progress events arrive: each stage's last percent is kept, so
 * events from the voice and the photo (or the check and the kit) in turns do not make
 * the estimate jump; what remains is the longest path through what is not done yet.
 */
export class RenderProgressEta {
  private readonly done = new Map<RenderStage, number>();

  constructor(
    private readonly eta: RenderEta,
    private readonly shape: RenderShape,
  ) {}

  /** Records a stage's percent and returns the milliseconds left. */
  update(stage: RenderStage, percent: number): number {
    this.done.set(stage, Math.max(this.done.get(stage) ?? 0, Math.min(100, Math.max(0, percent))));
    return this.remainingMs();
  }

  remainingMs(): number {
    const kit = (this.shape.platforms ?? 0) > 0;
    const left = longestPath((stage) => (stage === 'kit' && !kit ? 0 : this.eta.stageMs(stage, this.shape) * (1 - (this.done.get(stage) ?? 0) / 100)));
    // The time outside the stages is spread over the render: it shrinks as the work does.
    const whole = longestPath((stage) => (stage === 'kit' && !kit ? 0 : this.eta.stageMs(stage, this.shape)));
    return left + (whole > 0 ? this.eta.outsideMs() * (left / whole) : 0);
  }
}

/**
 * Speech length from a script before it is spoken: eSpeak's English voice speaks about
 * 17.5 characters a second, pauses included (measured 16.9–17.3 on 138–255-character
 * scripts), plus the 0.45 s of silence tts.ts puts before and after the words. The old
 * 14 a second made a 10 s script look like 12.6 s and every ETA a quarter too long.
 */
export const VOICE_CHARS_PER_SECOND = 17.5;
export const VOICE_EDGES_S = 0.45;
export function estimateVoiceSeconds(script: string): number {
  return Math.max(1, VOICE_EDGES_S + [...script].length / VOICE_CHARS_PER_SECOND);
}

/**
 * The frame a job renders: what it asked for, or the engine's own choice when it asked
 * for none (the master grows to 1080×1920 when there is a kit to cut from it).
 */
export function renderShape(input: { voiceSeconds: number; platforms: number; width?: number; height?: number; verify?: boolean }): RenderShape {
  const auto = input.platforms > 0 ? { width: 1080, height: 1920 } : { width: 720, height: 1280 };
  return {
    voiceSeconds: input.voiceSeconds,
    width: input.width ?? auto.width,
    height: input.height ?? auto.height,
    verify: input.verify ?? true,
    platforms: input.platforms,
  };
}
