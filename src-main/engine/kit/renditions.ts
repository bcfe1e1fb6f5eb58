import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { PlatformSpec } from '../../../src-shared/platforms.js';
import { DEFAULT_H264 } from '../encode/h264-args.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { probeMedia, type ProbeResult } from '../media/probe.js';
import { mediaHealthGraph, readMediaHealth, type MediaHealth } from '../verify/media-health.js';
import { runProcess } from '../media/run-process.js';
import { burnColumns, missingGlyphs, prepareCaptionFont, writeBurnScript } from './burned-captions.js';
import type { Cue } from './captions.js';
import { renditionChecks, type RenditionCheck } from './rendition-checks.js';
import { reframe, type Rect, type Reframe } from './reframe.js';

export type { RenditionCheck } from './rendition-checks.js';

/**
 * Every platform's video from one master render. The face is animated once; then:
 * - a platform whose frame is the master's own (same size, rate and sound, within its
 *   bitrate) gets the master's streams copied, which costs no encoding at all;
 * - the rest come out of one ffmpeg run that decodes the master a single time and
 *   writes each distinct picture once (crop, scale, blurred fill where the master cannot
 *   cover the frame, burned-in captions); platforms that would get identical files share
 *   one encode.
 * Each file is probed afterwards and checked against its platform's spec.
 */
export interface Rendition {
  platform: PlatformSpec['id'];
  file: string;
  width: number;
  height: number;
  fps: number;
  durationS: number;
  fill: 'none' | 'blur';
  /** Which part of the master became this rendition (the cover is cut the same way). */
  frame: Reframe;
  method: 'copy' | 'encode';
  /** Set when the voice was longer than the platform allows and a trimmed cut was asked for. */
  trimmedToS?: number;
  /** The captions this rendition shows (cut at the trim point when trimmed). */
  cues: Cue[];
  checks: RenditionCheck[];
}

export interface RenditionInput {
  master: string;
  masterSize: { width: number; height: number };
  /** Face box in master pixels. */
  face: Rect;
  platforms: readonly PlatformSpec[];
  outDir: string;
  /** Scratch folder (caption scripts, font); not part of the kit. */
  workDir: string;
  fps: number;
  cues: readonly Cue[];
  burnCaptions?: boolean;
  /**
   * The same captions broken into lines of at most this many columns, for burning in:
   * larger text with fewer words per line reads better on a phone. Without it the
   * sidecar cues are burned as they are.
   */
  burnCues?: (maxLineColumns: number) => Cue[];
  /** Cut a rendition at the last pause that fits when the voice is longer than the platform allows. */
  trim?: boolean;
  /**
   * Also measure the master's health (frozen and black stretches, loudness) in the decode
   * the renditions need anyway. Called only when some rendition is encoded; when every
   * one is a copy there is no decode, and the caller measures on its own.
   */
  health?: { region?: Rect; onHealth: (health: MediaHealth) => void };
  signal?: AbortSignal;
}

const MASTER_AUDIO_ALLOWANCE_KBPS = 192;
/**
 * Renditions re-encode an already clean master whose only motion is the face, so the
 * cheapest motion search and no partition analysis lose little: measured on the demo's
 * LinkedIn and YouTube cuts, 33% less encoding time for files 8% larger at the same CRF.
 */
const RENDITION_X264 = 'me=dia:subme=1:analyse=none';
const even = (n: number): number => Math.max(2, Math.round(n / 2) * 2);

/**
 * Where a too-long voice is cut for a platform: at the end of the last caption cue that
 * fits (cues end at sentences and pauses), never mid-word; without cues, at the limit.
 */
function trimPoint(cues: readonly Cue[], maxS: number): number {
  const limit = maxS - 0.1;
  const fitting = cues.filter((c) => c.endS <= limit);
  return fitting.length ? fitting[fitting.length - 1]!.endS : limit;
}

function cuesUntil(cues: readonly Cue[], endS: number): Cue[] {
  return cues.filter((c) => c.startS < endS).map((c) => ({ ...c, endS: Math.min(c.endS, endS) }));
}

/** The filter chain for one picture, from the master stream label to `[output]`. */
export function renditionFilter(
  master: { width: number; height: number },
  r: Reframe,
  spec: Pick<PlatformSpec, 'width' | 'height'>,
  input: string,
  output: string,
  fps: number,
  burn?: string,
): string {
  const { width: W, height: H } = spec;
  const tail = `fps=${fps},setsar=1,format=yuv420p${burn ? `,${burn}` : ''}[${output}]`;
  if (r.fill === 'none') {
    const cropW = even(r.crop.width);
    const cropH = even(r.crop.height);
    const scale = cropW === W && cropH === H ? '' : `scale=${W}:${H}:flags=bicubic,`;
    return `[${input}]crop=${cropW}:${cropH}:${Math.round(r.crop.x)}:${Math.round(r.crop.y)},${scale}${tail}`;
  }
  // Blurred fill: the first frame shrunk to an eighth, blurred, scaled back up and held
  // (a still backdrop is calmer to watch and nearly free to encode), under the part of the
  // master that shows, placed where the reframe put it.
  const visible = {
    x: Math.max(0, r.crop.x),
    y: Math.max(0, r.crop.y),
    right: Math.min(master.width, r.crop.x + r.crop.width),
    bottom: Math.min(master.height, r.crop.y + r.crop.height),
  };
  const floorEven = (n: number): number => Math.max(0, Math.floor(n / 2) * 2);
  const cutX = floorEven(visible.x);
  const cutY = floorEven(visible.y);
  const cut = { x: cutX, y: cutY, width: Math.max(2, floorEven(visible.right - cutX)), height: Math.max(2, floorEven(visible.bottom - cutY)) };
  const fgW = even(cut.width * r.scale);
  const fgH = even(cut.height * r.scale);
  const x = Math.round((cut.x - r.crop.x) * r.scale);
  const y = Math.round((cut.y - r.crop.y) * r.scale);
  const smallW = even(W / 8);
  const smallH = even(H / 8);
  return (
    `[${input}]split=2[${output}bg][${output}fg];` +
    `[${output}bg]trim=end_frame=1,scale=${smallW}:${smallH}:force_original_aspect_ratio=increase,crop=${smallW}:${smallH},` +
    `boxblur=luma_radius=min(h\\,w)/8:luma_power=2,scale=${W}:${H}:flags=bilinear,loop=loop=-1:size=1:start=0[${output}blur];` +
    `[${output}fg]crop=${cut.width}:${cut.height}:${cut.x}:${cut.y},scale=${fgW}:${fgH}:flags=bicubic[${output}front];` +
    `[${output}blur][${output}front]overlay=${x}:${y}:shortest=1,${tail}`
  );
}

interface Plan {
  spec: PlatformSpec;
  frame: Reframe;
  /** Head and face boxes in rendition pixels. */
  head: Rect;
  face: Rect;
  trimmedToS?: number;
  cues: Cue[];
  burn?: string;
  copy: boolean;
  file: string;
}

export function inRendition(box: Rect, r: Reframe): Rect {
  return { x: (box.x - r.crop.x) * r.scale, y: (box.y - r.crop.y) * r.scale, width: box.width * r.scale, height: box.height * r.scale };
}

/** Copying needs the master's frame untouched: same size, whole frame, allowed rate, sound and bitrate. */
function canCopy(spec: PlatformSpec, frame: Reframe, master: ProbeResult, input: RenditionInput): boolean {
  const v = master.streams.find((s) => s.codecType === 'video');
  const a = master.streams.find((s) => s.codecType === 'audio');
  const fps = v?.fps ?? input.fps;
  const wholeFrame = frame.fill === 'none' && Math.abs(frame.crop.width - input.masterSize.width) < 1 && Math.abs(frame.crop.height - input.masterSize.height) < 1;
  return (
    wholeFrame &&
    v?.width === spec.width &&
    v.height === spec.height &&
    fps >= spec.fps.min &&
    fps <= spec.fps.max &&
    a?.codecName === 'aac' &&
    a.sampleRate === spec.audio.sampleRate &&
    // The master's sound is 160 kb/s AAC; the allowance is that plus the MP4 container's share.
    master.bitRate / 1000 <= spec.video.bitrateKbps + MASTER_AUDIO_ALLOWANCE_KBPS
  );
}

async function plan(input: RenditionInput, master: ProbeResult): Promise<Plan[]> {
  if (input.burnCaptions) await prepareCaptionFont(input.workDir);
  const plans: Plan[] = [];
  for (const spec of input.platforms) {
    const frame = reframe(input.masterSize, input.face, spec, spec.safeArea);
    const head = inRendition(frame.head, frame);
    const face = inRendition(input.face, frame);
    const tooLong = master.durationS > spec.maxDurationS;
    const trimmedToS = tooLong && input.trim ? trimPoint(input.cues, spec.maxDurationS) : undefined;
    const cues = trimmedToS !== undefined ? cuesUntil(input.cues, trimmedToS) : [...input.cues];
    const onScreen = input.burnCues ? input.burnCues(burnColumns(spec)) : cues;
    const burnCues = trimmedToS !== undefined ? cuesUntil(onScreen, trimmedToS) : onScreen;
    const burn = input.burnCaptions && burnCues.length > 0 ? await writeBurnScript(input.workDir, spec.id, spec, burnCues, head) : undefined;
    const copy = !burn && trimmedToS === undefined && canCopy(spec, frame, master, input);
    plans.push({ spec, frame, head, face, trimmedToS, cues, burn, copy, file: path.join(input.outDir, `${spec.id}.mp4`) });
  }
  return plans;
}

/** Platforms whose files would be byte-for-byte the same picture and sound share one encode. */
function encodeKey(p: Plan, input: RenditionInput): string {
  const filter = renditionFilter(input.masterSize, p.frame, p.spec, 'in', 'out', input.fps, p.burn);
  return JSON.stringify([filter, p.trimmedToS ?? null, p.spec.audio.sampleRate, p.spec.audio.channels]);
}

async function copyMaster(input: RenditionInput, file: string): Promise<void> {
  const { ffmpeg } = mediaTools();
  const args = [...SAFE_INPUT_FLAGS, '-loglevel', 'error', '-i', input.master, '-map', '0:v:0', '-map', '0:a:0', '-c', 'copy', '-movflags', '+faststart', '-map_metadata', '-1', '-y', file];
  const result = await runProcess(ffmpeg.path, args, { signal: input.signal });
  if (result.code !== 0) throw new Error(`ffmpeg could not copy the master into a rendition: ${result.stderr.slice(-1000)}`);
}

/** One decode of the master, one encode per distinct picture; returns libass's glyph report. */
async function encodeGroups(input: RenditionInput, groups: Plan[][], master: ProbeResult): Promise<Map<Plan, string[]>> {
  const started = performance.now();
  const missing = new Map<Plan, string[]>();
  if (groups.length === 0) return missing;
  const { ffmpeg } = mediaTools();
  const labels = groups.map((_, i) => `r${i}`);
  const health = input.health ? mediaHealthGraph(master, { region: input.health.region, video: 'healthin' }) : undefined;
  const branches = [...labels.map((l) => `[${l}in]`), ...(health ? ['[healthin]'] : [])];
  const graph = [
    `[0:v]split=${branches.length}${branches.join('')}`,
    ...groups.map((group, i) => renditionFilter(input.masterSize, group[0]!.frame, group[0]!.spec, `${labels[i]}in`, labels[i]!, input.fps, group[0]!.burn)),
    ...(health?.chains ?? []),
  ].join(';');
  const burning = groups.some((g) => g[0]!.burn);
  // libass names missing glyphs only at verbose level, the health filters report at info;
  // -nostats keeps the log small.
  const logLevel = burning ? 'verbose' : health ? 'info' : 'error';
  const args = [...SAFE_INPUT_FLAGS, '-nostats', '-loglevel', logLevel, '-i', input.master, '-filter_complex', graph];
  groups.forEach((group, i) => {
    const lead = group[0]!;
    const videoKbps = Math.min(...group.map((p) => p.spec.video.bitrateKbps));
    const audioKbps = Math.min(...group.map((p) => p.spec.audio.bitrateKbps));
    args.push('-map', `[${labels[i]}]`, '-map', '0:a:0');
    args.push('-c:v', 'libx264', '-preset', DEFAULT_H264.preset, '-x264-params', RENDITION_X264, '-crf', String(DEFAULT_H264.crf), '-profile:v', 'high');
    args.push('-maxrate', `${videoKbps}k`, '-bufsize', `${videoKbps * 2}k`);
    args.push('-c:a', 'aac', '-b:a', `${audioKbps}k`, '-ar', String(lead.spec.audio.sampleRate), '-ac', String(lead.spec.audio.channels));
    if (lead.trimmedToS !== undefined) {
      const fade = Math.min(0.3, lead.trimmedToS / 4);
      args.push('-t', lead.trimmedToS.toFixed(3), '-af', `afade=t=out:st=${(lead.trimmedToS - fade).toFixed(3)}:d=${fade.toFixed(3)}`);
    }
    args.push('-movflags', '+faststart', '-map_metadata', '-1', '-y', `${lead.file}.part.mp4`);
  });
  if (health) args.push(...health.outputArgs);
  const result = await runProcess(ffmpeg.path, args, { signal: input.signal, cwd: input.workDir });
  if (result.code !== 0) {
    await Promise.all(groups.map((g) => rm(`${g[0]!.file}.part.mp4`, { force: true })));
    const log = result.stderr.split('\n').filter((line) => !/^\[|^Fontconfig|^ {2}/u.test(line) || /error/iu.test(line));
    throw new Error(`ffmpeg could not write the renditions: ${log.join('\n').slice(-1500)}`);
  }
  if (health) input.health!.onHealth(readMediaHealth(master, result.stderr, health.freezeScope, input.master, started));
  // ffmpeg's log does not say which output a glyph belonged to: report it on every burned rendition.
  const glyphs = burning ? missingGlyphs(result.stderr) : [];
  for (const group of groups) {
    await rename(`${group[0]!.file}.part.mp4`, group[0]!.file);
    for (const p of group.slice(1)) await copyFile(group[0]!.file, p.file);
    for (const p of group) if (p.burn) missing.set(p, glyphs);
  }
  return missing;
}

export async function writeRenditions(input: RenditionInput): Promise<Rendition[]> {
  await mkdir(input.outDir, { recursive: true });
  await mkdir(input.workDir, { recursive: true });
  const master = await probeMedia(input.master, { signal: input.signal });
  const plans = await plan(input, master);
  const groups = new Map<string, Plan[]>();
  for (const p of plans.filter((x) => !x.copy)) {
    const key = encodeKey(p, input);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const [, glyphs] = await Promise.all([Promise.all(plans.filter((p) => p.copy).map((p) => copyMaster(input, p.file))), encodeGroups(input, [...groups.values()], master)]);
  const probes = await Promise.all(plans.map((p) => probeMedia(p.file, { signal: input.signal })));
  return plans.map((p, i) => {
    const probe = probes[i]!;
    const v = probe.streams.find((s) => s.codecType === 'video');
    return {
      platform: p.spec.id,
      file: p.file,
      width: v?.width ?? 0,
      height: v?.height ?? 0,
      fps: v?.fps ?? input.fps,
      durationS: probe.durationS,
      fill: p.frame.fill,
      frame: p.frame,
      method: p.copy ? 'copy' : 'encode',
      ...(p.trimmedToS !== undefined ? { trimmedToS: p.trimmedToS } : {}),
      cues: p.cues,
      checks: renditionChecks(p.spec, probe, {
        fps: input.fps,
        voiceDurationS: master.durationS,
        trimmedToS: p.trimmedToS,
        face: p.face,
        missingGlyphs: p.burn ? (glyphs.get(p) ?? []) : undefined,
      }),
    };
  });
}
