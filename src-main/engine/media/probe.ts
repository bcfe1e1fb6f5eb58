import { statSync } from 'node:fs';
import { runProcess } from './run-process.js';
import { mediaTools, SAFE_PROBE_FLAGS } from './ffmpeg.js';

export interface ProbedStream {
  index: number;
  codecType: 'video' | 'audio' | string;
  codecName: string;
  profile?: string;
  pixFmt?: string;
  width?: number;
  height?: number;
  fps?: number;
  sampleRate?: number;
  channels?: number;
  durationS?: number;
  frames?: number;
}

export interface ProbeResult {
  formatName: string;
  durationS: number;
  sizeBytes: number;
  bitRate: number;
  streams: ProbedStream[];
  /** True when the moov atom precedes the media data (MP4 "faststart"). */
  faststart?: boolean;
}

function ratio(value: unknown): number | undefined {
  if (typeof value !== 'string' || !value.includes('/')) return undefined;
  const [n, d] = value.split('/').map(Number);
  return n !== undefined && d ? n / d : undefined;
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** ffprobe a media file; throws when ffprobe cannot read it. */
/**
 * The last few answers, by the file's identity and version (device, inode, size, change to
 * the nanosecond): a render probes its video for the file check and again for the report,
 * 60-110 ms of a blocked ffprobe each; a file renamed since (the kept attempt) is the same
 * file, one written since is not.
 */
const recentProbes = new Map<string, ProbeResult>();
const RECENT_PROBES = 8;

function fileVersion(file: string): string | undefined {
  try {
    const stat = statSync(file, { bigint: true });
    return stat.isFile() ? `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}` : undefined;
  } catch {
    return undefined;
  }
}

export async function probeMedia(file: string, options: { signal?: AbortSignal } = {}): Promise<ProbeResult> {
  const version = fileVersion(file);
  const known = version === undefined ? undefined : recentProbes.get(version);
  if (known) return structuredClone(known);
  const probed = await probeWithFfprobe(file, options);
  // Kept only when the file did not change while ffprobe read it.
  if (version !== undefined && fileVersion(file) === version) {
    recentProbes.set(version, structuredClone(probed));
    if (recentProbes.size > RECENT_PROBES) recentProbes.delete(recentProbes.keys().next().value!);
  }
  return probed;
}

async function probeWithFfprobe(file: string, options: { signal?: AbortSignal }): Promise<ProbeResult> {
  const { ffprobe } = mediaTools();
  const result = await runProcess(ffprobe.path, [...SAFE_PROBE_FLAGS, '-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { signal: options.signal, timeoutMs: 30_000 });
  if (result.code !== 0) throw new Error(`ffprobe failed on ${file}: ${result.stderr.trim().slice(-500)}`);
  const json = JSON.parse(result.stdout.toString('utf8')) as {
    format?: Record<string, unknown>;
    streams?: Array<Record<string, unknown>>;
  };
  const format = json.format ?? {};
  return {
    formatName: String(format.format_name ?? ''),
    durationS: num(format.duration) ?? 0,
    sizeBytes: num(format.size) ?? 0,
    bitRate: num(format.bit_rate) ?? 0,
    streams: (json.streams ?? []).map((s) => ({
      index: num(s.index) ?? 0,
      codecType: String(s.codec_type ?? ''),
      codecName: String(s.codec_name ?? ''),
      profile: typeof s.profile === 'string' ? s.profile : undefined,
      pixFmt: typeof s.pix_fmt === 'string' ? s.pix_fmt : undefined,
      width: num(s.width),
      height: num(s.height),
      fps: ratio(s.avg_frame_rate) ?? ratio(s.r_frame_rate),
      sampleRate: num(s.sample_rate),
      channels: num(s.channels),
      durationS: num(s.duration),
      frames: num(s.nb_frames),
    })),
  };
}
