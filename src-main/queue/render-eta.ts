import { RENDER_STAGES, type RenderStage } from '../../src-shared/render.js';

/**
 * An honest ETA: how long each stage took on this machine before, per second of voice
 * and per megapixel of frame where that is what the stage's cost follows. Until there is
 * history, priors measured on a 2-core laptop-class machine (npm run bench) stand in.
 */
export interface PastRender {
  stages: Array<{ stage: RenderStage; durationMs: number }>;
  voiceSeconds: number;
  width: number;
  height: number;
  /** Whether the face-mesh check ran; without it the verify stage is only the quick file check. */
  verified?: boolean;
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
  voice: { fixedMs: 300, perVoiceSecondMs: 90, perMegapixelSecondMs: 0 },
  animate: { fixedMs: 200, perVoiceSecondMs: 0, perMegapixelSecondMs: 190 },
  verify: { fixedMs: 400, perVoiceSecondMs: 1150, perMegapixelSecondMs: 0 },
  // Renditions are encoded together from one decode; about the cost of the master again.
  kit: { fixedMs: 600, perVoiceSecondMs: 0, perMegapixelSecondMs: 250 },
};

/** The verify stage without the face mesh: one decode of the file for lengths, stillness and loudness. */
const FILE_CHECK = { fixedMs: 100, perMegapixelSecondMs: 40 };

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
  return cost.fixedMs + cost.perVoiceSecondMs * shape.voiceSeconds + cost.perMegapixelSecondMs * megapixels * shape.voiceSeconds;
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

  /** Milliseconds left, given the stage now running and its percent done. */
  remainingMs(shape: RenderShape, current: RenderStage, percent: number): number {
    const stages = RENDER_STAGES.filter((s) => s !== 'kit' || (shape.platforms ?? 0) > 0);
    const index = stages.indexOf(current);
    let total = 0;
    stages.forEach((stage, i) => {
      if (i < index) return;
      const ms = this.stageMs(stage, shape);
      total += i === index ? ms * (1 - Math.min(100, Math.max(0, percent)) / 100) : ms;
    });
    return total;
  }
}

/** Speech length from a script before it is spoken: eSpeak speaks about 14 characters a second. */
export function estimateVoiceSeconds(script: string): number {
  return Math.max(1, [...script].length / 14);
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
