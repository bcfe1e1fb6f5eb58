import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestVideo } from '../../../tests/support/media.js';
import { decodeYuvFrames, type DecodeTap } from '../verify/frame-decode.js';
import type { VideoVerification } from '../verify/video-verify.js';
import { checkAndKit, type DrawnVideo } from './attempt-checks.js';
import type { AttemptSetup } from './attempt.js';

/** The command lines of this process's running children (Linux's /proc). */
function childCommandLines(): string[] {
  const lines: string[] = [];
  for (const task of readdirSync('/proc/self/task')) {
    let children = '';
    try {
      children = readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim();
    } catch {
      continue;
    }
    for (const pid of children.split(/\s+/).filter(Boolean)) {
      try {
        lines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' '));
      } catch {
        // It ended meanwhile.
      }
    }
  }
  return lines;
}

const region = { x: 0, y: 0, width: 320, height: 240 };

/** A render with the frame check and no kit, its stages run at once. */
function verifiedSetup(stagingDir: string): AttemptSetup {
  const setup = {
    req: { platforms: [], verify: true },
    master: { width: 320, height: 240 },
    stagingDir,
    stage: (_name: string, _message: string, work: (p: (n: number) => void) => Promise<unknown>) => work(() => undefined),
  };
  return setup as unknown as AttemptSetup;
}

describe.runIf(process.platform === 'linux')('the checks after the video is drawn', () => {
  let dir: string;
  let video: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tp-attempt-checks-'));
    video = path.join(dir, 'video.mp4');
    await makeTestVideo(video, 'testsrc=size=320x240:rate=25:duration=20', 20);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs the file check beside the frame check when there is no kit (the frame check's face mesh leaves a core free)", async () => {
    const setup = verifiedSetup(dir);
    let fileCheckSeenDuringFrameCheck = false;
    const drawn = {
      n: 1,
      outFile: video,
      kitDir: path.join(dir, 'kit'),
      animation: { region },
      voice: { durationS: 20 },
      together: new AbortController(),
      // Stands in for the frame check: it watches for the file check's ffmpeg while it runs (3 s at most).
      measure: async () => {
        const until = Date.now() + 3000;
        while (Date.now() < until && !fileCheckSeenDuringFrameCheck) {
          fileCheckSeenDuringFrameCheck = childCommandLines().some((line) => line.includes(video) && line.includes('freezedetect'));
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        return { framesAnalysed: 500 } as VideoVerification;
      },
    };
    const checked = await checkAndKit(setup, drawn as unknown as DrawnVideo);
    expect(fileCheckSeenDuringFrameCheck).toBe(true);
    expect(checked.verification?.framesAnalysed).toBe(500);
    expect(checked.health.videoDurationS).toBeCloseTo(20, 0);
    expect(checked.kit).toBeUndefined();
  });

  it("measures the file in the frame check's own decode when that reads the whole file: one ffmpeg decodes it, not two", async () => {
    const setup = verifiedSetup(dir);
    const decoders = new Set<string>();
    const watch = setInterval(() => {
      for (const line of childCommandLines()) if (line.includes(video) && line.includes('freezedetect')) decoders.add(line);
    }, 5);
    const drawn = {
      n: 1,
      outFile: video,
      kitDir: path.join(dir, 'kit'),
      animation: { region },
      voice: { durationS: 20 },
      together: new AbortController(),
      readsFileWhole: true,
      // Stands in for the frame check: it decodes every frame, as video-verify.ts does, with the tap it is given.
      measure: async (_progress: (percent: number) => void, tap?: DecodeTap) => {
        let frames = 0;
        for await (const frame of decodeYuvFrames({ videoPath: video, region, ...(tap ? { tap } : {}) }, 160, 120, 500)) frames += frame.width > 0 ? 1 : 0;
        return { framesAnalysed: frames } as VideoVerification;
      },
    };
    try {
      const checked = await checkAndKit(setup, drawn as unknown as DrawnVideo);
      expect(checked.verification?.framesAnalysed).toBe(500);
      expect(checked.health.videoDurationS).toBeCloseTo(20, 0);
      expect(checked.health.loudnessLufs).not.toBeNull();
      expect(checked.health.frozenStretches).toEqual([]);
    } finally {
      clearInterval(watch);
    }
    // The one decoder that ran carried both: the frame check's raw frames and the file check's filters.
    expect(decoders.size).toBe(1);
    expect([...decoders][0]).toContain('rawvideo');
  });

  it('starts that decode while ffprobe still reads a file our encoder wrote (its lengths are needed only at the end)', async () => {
    const setup = verifiedSetup(dir);
    // A file of its own: the one the other cases checked is known to probeMedia already, and answered without ffprobe.
    const fresh = path.join(dir, 'fresh.mp4');
    copyFileSync(video, fresh);
    let probing = false;
    const drawn = {
      n: 1,
      outFile: fresh,
      kitDir: path.join(dir, 'kit'),
      animation: { region },
      voice: { durationS: 20 },
      together: new AbortController(),
      readsFileWhole: true,
      written: { width: 320, height: 240, audio: true },
      measure: async (_progress: (percent: number) => void, tap?: DecodeTap) => {
        probing = childCommandLines().some((line) => line.includes('ffprobe') && line.includes(fresh));
        let frames = 0;
        for await (const frame of decodeYuvFrames({ videoPath: fresh, region, ...(tap ? { tap } : {}) }, 160, 120, 500)) frames += frame.width > 0 ? 1 : 0;
        return { framesAnalysed: frames } as VideoVerification;
      },
    };
    const checked = await checkAndKit(setup, drawn as unknown as DrawnVideo);
    expect(probing).toBe(true);
    expect(checked.verification?.framesAnalysed).toBe(500);
    expect(checked.health.videoDurationS).toBeCloseTo(20, 0);
    expect(checked.health.audioDurationS).toBeCloseTo(20, 0);
    expect(checked.health.loudnessLufs).not.toBeNull();
  });
});
