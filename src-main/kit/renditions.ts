import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { PlatformSpec } from '../../src-shared/platforms.js';
import { DEFAULT_H264 } from '../encode/h264-args.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { probeMedia, type ProbeResult } from '../media/probe.js';
import { runProcess } from '../media/run-process.js';
import { reframe, type Rect } from './reframe.js';

/**
 * Every platform's video from one master render: the face is animated once, then one
 * ffmpeg run decodes the master a single time and writes each rendition (crop, scale,
 * blurred fill where the master cannot cover the frame). Each file is probed afterwards
 * and checked against its platform's spec; a failed check is reported, never hidden.
 */
export interface RenditionCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Rendition {
  platform: PlatformSpec['id'];
  file: string;
  width: number;
  height: number;
  fps: number;
  durationS: number;
  fill: 'none' | 'blur';
  checks: RenditionCheck[];
}

const even = (n: number): number => Math.max(2, Math.round(n / 2) * 2);

/** The filter chain for one platform, from the master stream label to `[out]`. */
export function renditionFilter(master: { width: number; height: number }, face: Rect, spec: PlatformSpec, input: string, output: string, fps: number): string {
  const r = reframe(master, face, spec, spec.safeArea);
  const { width: W, height: H } = spec;
  const tail = `fps=${fps},setsar=1,format=yuv420p[${output}]`;
  if (r.fill === 'none') {
    return `[${input}]crop=${even(r.crop.width)}:${even(r.crop.height)}:${Math.round(r.crop.x)}:${Math.round(r.crop.y)},scale=${W}:${H}:flags=lanczos,${tail}`;
  }
  // Blurred fill: the master scaled to cover the frame and blurred, under the master
  // placed where the reframe put it.
  const fgW = even(master.width * r.scale);
  const fgH = even(master.height * r.scale);
  const x = Math.round(-r.crop.x * r.scale);
  const y = Math.round(-r.crop.y * r.scale);
  return (
    `[${input}]split=2[${output}bg][${output}fg];` +
    `[${output}bg]scale=${W}:${H}:force_original_aspect_ratio=increase,crop=${W}:${H},boxblur=luma_radius=min(h\\,w)/20:luma_power=2[${output}blur];` +
    `[${output}fg]scale=${fgW}:${fgH}:flags=lanczos[${output}front];` +
    `[${output}blur][${output}front]overlay=${x}:${y},${tail}`
  );
}

function checksFor(spec: PlatformSpec, probe: ProbeResult, fps: number): RenditionCheck[] {
  const v = probe.streams.find((s) => s.codecType === 'video');
  const a = probe.streams.find((s) => s.codecType === 'audio');
  const check = (name: string, ok: boolean, detail: string): RenditionCheck => ({ name, ok, detail });
  return [
    check('video codec', v?.codecName === 'h264' && v.pixFmt === 'yuv420p', `${v?.codecName ?? 'none'} ${v?.pixFmt ?? ''}`.trim()),
    check('frame size', v?.width === spec.width && v?.height === spec.height, `${v?.width}×${v?.height}, needs ${spec.width}×${spec.height}`),
    check('frame rate', (v?.fps ?? fps) >= spec.fps.min && (v?.fps ?? fps) <= spec.fps.max, `${(v?.fps ?? fps).toFixed(2)} fps, allowed ${spec.fps.min}–${spec.fps.max}`),
    check('audio', a?.codecName === 'aac' && a.sampleRate === spec.audio.sampleRate, `${a?.codecName ?? 'none'} ${a?.sampleRate ?? ''} Hz`),
    check(
      'duration',
      probe.durationS <= spec.maxDurationS,
      probe.durationS <= spec.maxDurationS
        ? `${probe.durationS.toFixed(1)} s of at most ${spec.maxDurationS} s`
        : `${probe.durationS.toFixed(1)} s is longer than ${spec.label}'s ${spec.maxDurationS} s: shorten the script or ask for a trimmed version`,
    ),
    check('file size', probe.sizeBytes <= spec.maxFileBytes, `${(probe.sizeBytes / 1e6).toFixed(1)} MB of at most ${(spec.maxFileBytes / 1e6).toFixed(0)} MB`),
  ];
}

export async function writeRenditions(input: {
  master: string;
  masterSize: { width: number; height: number };
  /** Face box in master pixels. */
  face: Rect;
  platforms: readonly PlatformSpec[];
  outDir: string;
  fps: number;
  signal?: AbortSignal;
}): Promise<Rendition[]> {
  const { ffmpeg } = mediaTools();
  await mkdir(input.outDir, { recursive: true });
  const labels = input.platforms.map((_, i) => `r${i}`);
  const graph = [
    `[0:v]split=${labels.length}${labels.map((l) => `[${l}in]`).join('')}`,
    ...input.platforms.map((spec, i) => renditionFilter(input.masterSize, input.face, spec, `${labels[i]}in`, labels[i]!, input.fps)),
  ].join(';');
  const outputs = input.platforms.map((spec) => path.join(input.outDir, `${spec.id}.mp4`));
  const args = [...SAFE_INPUT_FLAGS, '-loglevel', 'error', '-i', input.master, '-filter_complex', graph];
  input.platforms.forEach((spec, i) => {
    args.push(
      '-map', `[${labels[i]}]`, '-map', '0:a:0',
      '-c:v', 'libx264', '-preset', DEFAULT_H264.preset, '-crf', String(DEFAULT_H264.crf), '-profile:v', 'high',
      '-maxrate', `${spec.video.bitrateKbps}k`, '-bufsize', `${spec.video.bitrateKbps * 2}k`,
      '-c:a', 'aac', '-b:a', `${spec.audio.bitrateKbps}k`, '-ar', String(spec.audio.sampleRate), '-ac', String(spec.audio.channels),
      '-movflags', '+faststart', '-map_metadata', '-1', '-y', `${outputs[i]}.part.mp4`,
    );
  });
  const result = await runProcess(ffmpeg.path, args, { signal: input.signal });
  if (result.code !== 0) {
    await Promise.all(outputs.map((o) => rm(`${o}.part.mp4`, { force: true })));
    throw new Error(`ffmpeg could not write the renditions: ${result.stderr.slice(-1500)}`);
  }
  const renditions: Rendition[] = [];
  for (const [i, spec] of input.platforms.entries()) {
    await rename(`${outputs[i]}.part.mp4`, outputs[i]!);
    const probe = await probeMedia(outputs[i]!);
    const v = probe.streams.find((s) => s.codecType === 'video');
    const r = reframe(input.masterSize, input.face, spec, spec.safeArea);
    renditions.push({
      platform: spec.id,
      file: outputs[i]!,
      width: v?.width ?? 0,
      height: v?.height ?? 0,
      fps: v?.fps ?? input.fps,
      durationS: probe.durationS,
      fill: r.fill,
      checks: checksFor(spec, probe, input.fps),
    });
  }
  return renditions;
}
