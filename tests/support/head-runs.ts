import path from 'node:path';
import { renderProject } from '../../src-main/engine/pipeline/render-project.js';
import type { Point } from '../../src-main/engine/face/landmarks.js';
import type { MotionSettings } from '../../src-shared/render.js';
import { measureHeadPose, type HeadPoseFigures } from './head-pose-measure.js';

/** Issue 17's head targets, measured on the rendered frames (head-pose-measure.ts). */
export const HEAD_TARGETS = {
  /** Yaw and pitch vary by 1–4° at the default head motion… */
  minSwingDeg: 1,
  maxSwingDeg: 4,
  /**
   * …and not at all at --head-motion 0. The mesh cannot show that: it reads a still head,
   * whose lips and lids move, as turning by 0.6–0.7° on the sample and 2.2–2.5° on the
   * turned closed-mouth fixture (its own jitter, reported, not held to a target). A still
   * head is held to its nose's bridge instead, whose pixels change no more than a still
   * photo's (within rigidMargin), where the default head motion changes them by 0.6 grey
   * levels a frame.
   */
  noseMovesAtLeast: 0.3,
  /** Background and shoulders change no more than the still photo's encode does, within this many grey levels. */
  rigidMargin: 0.15,
  /** In the voice's pauses the face keeps moving: at least this many times the still photo's change. */
  idleOverFloor: 1.5,
} as const;

/** Two sentences with a pause between them and after: about 5 s. */
export const HEAD_SCRIPT = 'Thank you all for coming today. We made this for creators, and it runs right here.';

/**
 * The turn the animation drew, as the tracker sees it: the default clip's angles less the
 * --head-motion 0 clip's, frame by frame, on every meshed frame. Both clips speak the same
 * words with the same lips and blinks, so the mesh's own reading of them (it takes a wide
 * vowel for the head tipping back by 3–4°) cancels and what is left is the head, nods on
 * open vowels included. The departure from the median pose that 90% of the frames stay
 * within, degrees (one mis-tracked frame does not decide it).
 */
export function drawnSwing(lively: HeadPoseFigures, still: HeadPoseFigures, axis: 'yawDeg' | 'pitchDeg'): number {
  const all = axis === 'yawDeg' ? 'yawAllDeg' : 'pitchAllDeg';
  const stillAt = new Map(still.allFrames.map((k, i) => [k, still[all][i]!]));
  const diff = lively.allFrames.flatMap((k, i) => (stillAt.has(k) ? [lively[all][i]! - stillAt.get(k)!] : []));
  if (diff.length < 3) return NaN;
  const sorted = [...diff].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const dev = diff.map((v) => Math.abs(v - median)).sort((a, b) => a - b);
  return dev[Math.min(dev.length - 1, Math.round(0.9 * (dev.length - 1)))]!;
}

export interface HeadRuns {
  lively: HeadPoseFigures;
  still: HeadPoseFigures;
  floor: HeadPoseFigures;
  warm: HeadPoseFigures;
  serious: HeadPoseFigures;
  videos: Record<'lively' | 'still' | 'floor' | 'warm' | 'serious', string>;
  /** Sentences naming each target missed; empty when all are met. */
  missed(): string[];
}

const RUNS: Record<keyof HeadRuns['videos'], Partial<MotionSettings>> = {
  lively: {},
  still: { headMotion: 0 },
  floor: { headMotion: 0, expressiveness: 0, blinkRate: 0 },
  warm: { mood: 'warm' },
  serious: { mood: 'serious' },
};

/** Renders the five clips of one photo into `dir` and measures each; masks come from the still photo's first frame. */
export async function measureHeadRuns(photoPath: string, dir: string, options: { width: number; height: number; step?: number; only?: ReadonlyArray<keyof HeadRuns['videos']> }): Promise<HeadRuns> {
  const fps = 25;
  const videos = {} as HeadRuns['videos'];
  const figures = {} as Record<keyof HeadRuns['videos'], HeadPoseFigures>;
  const order = (['floor', 'lively', 'still', 'warm', 'serious'] as const).filter((n) => !options.only || n === 'floor' || options.only.includes(n));
  // The regions come from the still photo's first frame, the same for every clip.
  let masksFrom: readonly Point[] | undefined;
  for (const name of order) {
    const outDir = path.join(dir, name);
    const report = await renderProject({ photoPath, script: HEAD_SCRIPT, outDir, width: options.width, height: options.height, fps, verify: false, motion: RUNS[name] });
    videos[name] = path.join(outDir, report.files.video);
    // The still photo gives the regions and the noise floor (no angles); the moods' corners need fewer meshed frames.
    const step = name === 'floor' ? 0 : name === 'warm' || name === 'serious' ? (options.step ?? 2) * 2 : options.step;
    const measured = await measureHeadPose(videos[name], { width: options.width, height: options.height, fps, step, ...(masksFrom ? { masksFrom } : {}) });
    if (name === 'floor') masksFrom = measured.firstMesh;
    figures[name] = measured;
  }
  return {
    ...figures,
    videos,
    missed() {
      const out: string[] = [];
      const { lively, still, floor, warm, serious } = figures;
      if (lively && still) {
        for (const axis of ['yaw', 'pitch'] as const) {
          const swing = drawnSwing(lively, still, `${axis}Deg`);
          if (!(swing >= HEAD_TARGETS.minSwingDeg && swing <= HEAD_TARGETS.maxSwingDeg)) out.push(`${axis} swings ${swing.toFixed(2)}° at the default head motion`);
        }
        if (!(lively.change.nose > floor.change.nose + HEAD_TARGETS.noseMovesAtLeast)) out.push(`the nose hardly moves at the default head motion (${lively.change.nose.toFixed(3)} a frame)`);
      }
      if (lively) {
        if (lively.change.background > floor.change.background + HEAD_TARGETS.rigidMargin)
          out.push(`the background changes ${lively.change.background.toFixed(3)} a frame (still photo ${floor.change.background.toFixed(3)})`);
        if (lively.change.shoulders > floor.change.shoulders + HEAD_TARGETS.rigidMargin)
          out.push(`the shoulders change ${lively.change.shoulders.toFixed(3)} a frame (still photo ${floor.change.shoulders.toFixed(3)})`);
        const idle = lively.change.faceInPauses ?? 0;
        if (idle < HEAD_TARGETS.idleOverFloor * (floor.change.faceInPauses ?? 0))
          out.push(`the face in pauses changes ${idle.toFixed(3)} a frame (still photo ${(floor.change.faceInPauses ?? 0).toFixed(3)})`);
      }
      if (still && still.change.nose > floor.change.nose + HEAD_TARGETS.rigidMargin)
        out.push(`the nose moves at --head-motion 0 (${still.change.nose.toFixed(3)} a frame, still photo ${floor.change.nose.toFixed(3)})`);
      if (warm && serious && !(warm.cornerDropIod < serious.cornerDropIod))
        out.push(`warm's mouth corners (${warm.cornerDropIod.toFixed(3)}) do not sit above serious's (${serious.cornerDropIod.toFixed(3)})`);
      if (warm && serious && !(warm.change.nose > serious.change.nose))
        out.push(`warm's head moves no more than serious's (nose ${warm.change.nose.toFixed(3)} against ${serious.change.nose.toFixed(3)} a frame)`);
      return out;
    },
  };
}
