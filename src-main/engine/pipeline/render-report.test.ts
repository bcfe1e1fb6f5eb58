import { describe, expect, it } from 'vitest';
import { RenderReportSchema } from '../../../src-shared/report.js';
import type { PhotoQuality } from '../enhance/photo-quality.js';
import type { EnhanceResult } from '../enhance/local-enhancer.js';
import type { FaceAnalysis } from '../face/face-analysis.js';
import type { KitManifest } from '../kit/export-kit.js';
import type { ProbeResult } from '../media/probe.js';
import type { MediaHealth } from '../verify/media-health.js';
import type { Voice } from '../voice/voice.js';
import type { Attempt } from './attempt.js';
import type { CloudVideoResult } from './cloud-port.js';
import { judge, retryPlan } from './quality-gate.js';
import { outputFileList, renderReport, type ReportInputs } from './render-report.js';
import { validRenderRequest } from './render-request.js';

/** The stages' results of a 3 s render at 288×512, as the pipeline hands them over. */
const health: MediaHealth = { videoDurationS: 3, audioDurationS: 3, frozenStretches: [], blackStretches: [], loudnessLufs: -14, truePeakDb: -2, freezeScope: 'region', analyseMs: 10 };
const quality = (score: number) => ({ score, sharpness: score, exposure: score, contrast: score, noise: score }) as unknown as PhotoQuality;
const enhanced = (after: number): EnhanceResult => ({
  rgb: Buffer.alloc(0),
  width: 400,
  height: 500,
  scale: 1,
  before: quality(7),
  after: quality(after),
  applied: ['contrast', 'face-sharpen'],
  chosen: 'enhanced',
});
const box = (x: number) => ({ x, y: 40, width: 120, height: 150 });
const faces = { chosen: { box: box(100), confidence: 0.93, mesh: [], depth: [] }, others: [{ box: box(10) }], durationMs: 50 } as unknown as FaceAnalysis;
const spoken: Voice = {
  audioPath: '/staging/voice.wav',
  sampleRate: 48000,
  analysis: { sampleRate: 16000, samples: new Float32Array(0) },
  durationS: 3,
  words: [{ text: 'Hello', startS: 0.1, endS: 0.5 }],
  phones: [] as unknown as Voice['phones'],
  source: 'tts',
  engine: { name: 'espeak-ng', version: '1.52', voice: 'en-us' },
  loudness: { inputLufs: -20, outputLufs: -14 },
};
const animation = { frameCount: 75, region: box(80), faceBoxInFrame: box(90), track: { blinkFrames: [20, 60] }, drawMs: 1234.4 } as unknown as CloudVideoResult;
const probe = (streams: ProbeResult['streams']): ProbeResult => ({ formatName: 'mov,mp4', durationS: 3.02, sizeBytes: 250_000, bitRate: 660_000, streams });
const bothStreams = probe([
  { index: 0, codecType: 'video', codecName: 'h264', profile: 'High', pixFmt: 'yuv420p', width: 288, height: 512, fps: 25 },
  { index: 1, codecType: 'audio', codecName: 'aac', sampleRate: 48000, channels: 1 },
]);
const tools = { ffmpeg: { path: '/usr/bin/ffmpeg', source: 'PATH' as const, version: '5.1' }, ffprobe: { path: '/usr/bin/ffprobe', source: 'PATH' as const, version: '5.1' } };

function attempt(source: EnhanceResult, extra: Partial<Attempt> = {}): Attempt {
  const motion = { expressiveness: 1, headMotion: 1, blinkRate: 16, mood: 'neutral' as const };
  return {
    source,
    motion,
    animation,
    verification: undefined,
    health,
    kit: undefined,
    outFile: '/staging/video.mp4',
    kitDir: '/staging/kit',
    verdict: judge(source.after, undefined, health),
    voice: spoken,
    ...extra,
  };
}

function inputs(overrides: Partial<ReportInputs> = {}): ReportInputs {
  return {
    req: validRenderRequest({ photoPath: '/photos/Maya.jpg', script: 'Hello there.', outDir: '/out', width: 288, height: 512 }),
    createdAt: new Date('2026-12-06T12:00:00Z'),
    photo: { format: 'jpeg', bytes: 80_000, width: 400, height: 500, downscaled: false },
    faces,
    ourVoice: spoken,
    scriptVoiceId: 'en-us',
    master: { width: 288, height: 512 },
    probe: bothStreams,
    stages: [
      { stage: 'intake', durationMs: 10 },
      { stage: 'voice', durationMs: 300 },
      { stage: 'face', durationMs: 40 },
      { stage: 'enhance', durationMs: 200 },
      { stage: 'animate', durationMs: 2000 },
      { stage: 'verify', durationMs: 400 },
      { stage: 'enhance', durationMs: 250 },
    ],
    totalMs: 3100,
    attempt: attempt(enhanced(9)),
    tools,
    ...overrides,
  };
}

describe('the render report, assembled from the stages’ results', () => {
  it('is a valid report.json with the stages in pipeline order, a repeated stage listed each time', () => {
    const report = renderReport(inputs());
    expect(RenderReportSchema.safeParse(report).success).toBe(true);
    expect(report.stages.map((s) => s.stage)).toEqual(['intake', 'face', 'enhance', 'enhance', 'voice', 'animate', 'verify']);
    expect(report.stages.filter((s) => s.stage === 'enhance').map((s) => s.durationMs)).toEqual([200, 250]);
    expect(report).toMatchObject({ createdAt: '2026-12-06T12:00:00.000Z', totalMs: 3100, files: { video: 'video.mp4', enhancedPhoto: 'enhanced.jpg', report: 'report.json' } });
  });

  it('describes the photo, the video as probed, the face and the script’s voice', () => {
    const report = renderReport(inputs());
    expect(report.input).toEqual({
      photo: { name: 'Maya.jpg', format: 'jpeg', bytes: 80_000, width: 400, height: 500, downscaled: false },
      script: { characters: 12, language: 'en', voice: 'en-us' },
    });
    expect(report.output).toMatchObject({
      width: 288,
      height: 512,
      fps: 25,
      frames: 75,
      durationS: 3.02,
      video: { codec: 'h264', profile: 'High', pixelFormat: 'yuv420p' },
      audio: { codec: 'aac', sampleRate: 48000, channels: 1 },
    });
    expect(report.face).toEqual({ box: box(100), boxInVideo: box(90), confidence: 0.93, facesFound: 2, others: [box(10)] });
    expect(report.motion.blinksPlanned).toBe(2);
    expect(report.animation.drawMs).toBe(1234);
    expect(report.tools.tts).toEqual(spoken.engine);
    expect(report.voice.cleanup).toBeUndefined();
  });

  it('reports the kept attempt’s photo and scores, with the first attempt’s figures when a retry was kept', () => {
    const first = attempt(enhanced(7.2));
    const plan = retryPlan(first.verdict.weak, { motion: first.motion })!;
    const report = renderReport(inputs({ attempt: attempt(enhanced(8.4)), retry: { plan, first: first.verdict, kept: 'second' } }));
    expect(report.quality.image.after).toBe(8.4);
    expect(report.quality.scores).toMatchObject({ image: 8.4, retry: { kept: 'retry', steps: ['enhance', 'animate'], first: { image: 7.2 } } });
  });

  it('names an own recording by its file and reports its cleanup, without a TTS engine', () => {
    const recorded: Voice = { ...spoken, source: 'recording', engine: { name: 'recording' } };
    const req = validRenderRequest({ photoPath: '/photos/Maya.jpg', audioPath: '/takes/take 1.m4a', outDir: '/out' });
    const report = renderReport(inputs({ req, ourVoice: recorded, scriptVoiceId: undefined, attempt: attempt(enhanced(9), { voice: recorded }) }));
    expect(report.input.audio).toEqual({ name: 'take 1.m4a' });
    expect(report.input.script).toBeUndefined();
    expect(report.voice.cleanup).toMatchObject({ rawKept: false, applied: false, loudness: { beforeLufs: -20, afterLufs: -14 } });
    expect(report.tools.tts).toBeUndefined();
  });

  it('lists the kit with each rendition’s failed checks, and the zip only when one was asked for', () => {
    const kit = {
      renditions: [
        {
          platform: 'tiktok',
          width: 1080,
          height: 1920,
          checks: [
            { name: 'duration', ok: true, detail: '3 s' },
            { name: 'bitrate', ok: false, detail: 'too high' },
          ],
        },
      ],
    } as unknown as KitManifest;
    const req = validRenderRequest({ photoPath: '/photos/Maya.jpg', script: 'Hello there.', outDir: '/out', platforms: ['tiktok'], zip: true });
    const report = renderReport(inputs({ req, attempt: attempt(enhanced(9), { kit }) }));
    expect(report.kit).toEqual({ manifest: 'kit/manifest.json', zip: 'kit.zip', renditions: [{ platform: 'tiktok', width: 1080, height: 1920, failedChecks: ['bitrate: too high'] }] });
    expect(outputFileList(report)).toEqual(['enhanced.jpg', 'video.mp4', 'kit', 'kit.zip', 'report.json']);
    expect(outputFileList(renderReport(inputs()))).toEqual(['enhanced.jpg', 'video.mp4', 'report.json']);
  });

  it('refuses a video written without sound with RENDER_FAILED and a sentence', () => {
    expect(() => renderReport(inputs({ probe: probe([bothStreams.streams[0]!]) }))).toThrow(
      expect.objectContaining({ code: 'RENDER_FAILED', message: expect.stringMatching(/without picture or sound/) }),
    );
  });
});
