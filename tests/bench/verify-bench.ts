/**
 * The frame check alone, on a video `tp render` made: its wall time and the CPU it takes
 * (this process's threads, the face model's among them, plus its ffmpeg children), the
 * face model's boot and each mesh apart, so a change to the check is measured without
 * the rest of a render's noise. The voice is prepared as the render prepares it (not
 * timed).
 *
 *   npx tsx tests/bench/verify-bench.ts RENDER_DIR AUDIO [--runs 3] [--file-check-alone]
 *
 * RENDER_DIR holds the render's video.mp4 and report.json (its animation.region).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FaceSession } from '../../src-main/engine/face/face-session.js';
import { loadRecording } from '../../src-main/engine/voice/recording.js';
import { verifyVideo } from '../../src-main/engine/verify/video-verify.js';
import { measureMediaHealth, mediaHealthTap } from '../../src-main/engine/verify/media-health.js';

/** The check's measures without its timing: equal digests, equal measures. */
function digest(verification: object): string {
  return createHash('sha256')
    .update(JSON.stringify({ ...verification, analyseMs: undefined }))
    .digest('hex')
    .slice(0, 12);
}

/** CPU seconds of this process (all its threads) and of its children that have ended. */
function cpuSeconds(): { own: number; children: number } {
  const usage = process.cpuUsage();
  // /proc/self/stat's cutime and cstime (fields 16, 17), in clock ticks (100 a second on Linux).
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return { own: (usage.user + usage.system) / 1e6, children: (Number(fields[13]) + Number(fields[14])) / 100 };
}

async function main(): Promise<void> {
  const [renderDir, audio] = process.argv.slice(2);
  if (!renderDir || !audio) throw new Error('usage: verify-bench.ts RENDER_DIR AUDIO [--runs N]');
  const runsAt = process.argv.indexOf('--runs');
  const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 3;
  const alone = process.argv.includes('--file-check-alone');
  const report = JSON.parse(readFileSync(path.join(renderDir, 'report.json'), 'utf8')) as {
    animation: { region: { x: number; y: number; width: number; height: number } };
    output: { width: number; height: number; fps: number };
  };
  const videoPath = path.join(renderDir, 'video.mp4');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'tp-verify-bench-'));
  try {
    const voice = await loadRecording({ file: audio, workDir, cleanup: true });
    const { width, height, fps } = report.output;
    for (let run = 1; run <= runs; run++) {
      const cpu0 = cpuSeconds();
      const t0 = performance.now();
      const session = new FaceSession();
      const booted = session.detect({ rgb: Buffer.alloc(3 * 64 * 64), width: 64, height: 64 }, { refine: false }).then(() => performance.now() - t0);
      // As the pipeline runs it (attempt-checks.ts): the file check rides on the frame check's decode
      // (--file-check-alone: its own ffmpeg beside the check, as before).
      const shared = alone ? undefined : await mediaHealthTap(videoPath, { region: report.animation.region });
      const [verification, aloneHealth] = await Promise.all([
        verifyVideo({
          videoPath,
          width,
          height,
          fps,
          region: report.animation.region,
          voice: { samples: voice.analysis.samples, sampleRate: voice.analysis.sampleRate },
          phones: voice.phones,
          maxFrames: 20 * fps,
          session,
          ...(shared ? { tap: shared.tap } : {}),
        }),
        alone ? measureMediaHealth(videoPath, { region: report.animation.region }) : undefined,
      ]);
      const health = aloneHealth ?? (await shared?.health()) ?? (await measureMediaHealth(videoPath, { region: report.animation.region }));
      const wallMs = performance.now() - t0;
      if (run === 1 && process.env.VERIFY_BENCH_OUT) writeFileSync(process.env.VERIFY_BENCH_OUT, JSON.stringify({ ...verification, analyseMs: undefined }, null, 1));
      const bootMs = await booted;
      await session.close();
      const cpu1 = cpuSeconds();
      console.log(
        `run ${run}: check ${verification.analyseMs.toFixed(0)} ms (with the file check on its decode ${wallMs.toFixed(0)} ms; file check ${shared?.health() ? 'rode on it' : 'measured alone'}, loudness ${health.loudnessLufs} LUFS), ` +
          `model ready after ${bootMs.toFixed(0)} ms, ${verification.meshedFrames} meshes, ${verification.framesAnalysed} frames; ` +
          `CPU ${(cpu1.own - cpu0.own).toFixed(2)} s here + ${(cpu1.children - cpu0.children).toFixed(2)} s ffmpeg; ` +
          `measures ${JSON.stringify({ ...verification, analyseMs: undefined }).length} chars, digest ${digest(verification)}`,
      );
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
