/**
 * The one set of H.264 + AAC output settings, shared by the talking render and the
 * benchmark's still-photo floor so the two are compared like for like.
 * yuv420p High profile plays everywhere (every social platform, QuickTime, browsers);
 * faststart puts the index first so a preview starts before the file is fully read.
 */
export interface H264Settings {
  preset: string;
  crf: number;
  fps: number;
  audioBitrate: string;
  /** Peak video bitrate, so the file fits platforms that cap it (and the kit can copy it as is). */
  maxrateKbps?: number;
}

export const DEFAULT_H264: Omit<H264Settings, 'fps'> = {
  // veryfast: within 10% of "medium"'s size for talking heads at a third of the time.
  preset: 'veryfast',
  crf: 20,
  audioBitrate: '160k',
};

export function h264OutputArgs(settings: H264Settings, outFile: string): string[] {
  const container = ['-movflags', '+faststart', '-map_metadata', '-1', '-f', 'mp4', '-y', outFile];
  return [
    '-c:v',
    'libx264',
    '-preset',
    settings.preset,
    '-crf',
    String(settings.crf),
    ...(settings.maxrateKbps ? ['-maxrate', `${settings.maxrateKbps}k`, '-bufsize', `${settings.maxrateKbps * 2}k`] : []),
    '-profile:v',
    'high',
    // x264 holds rc-lookahead frames per thread; veryfast's 10 cost ~35 MB at 1080×1920 for no
    // visible gain on a talking head (issue 15's ≤ 500 MB for the whole render). The floor
    // shares these settings, so the bench still compares like with like.
    '-rc-lookahead',
    '5',
    // x264's lookahead thread keeps its own buffer of frames (about 30 MB at 1080×1920); run
    // in the encoding threads instead, a 10 s 1080×1920 still encoded in the same time on two
    // cores (4.9–5.1 s against 4.8–6.5 s), its peak 237 MB against 267.
    '-x264-params',
    'sync-lookahead=0',
    '-pix_fmt',
    'yuv420p',
    '-r',
    String(settings.fps),
    '-colorspace',
    'bt709',
    '-color_primaries',
    'bt709',
    '-color_trc',
    'bt709',
    '-color_range',
    'tv',
    '-c:a',
    'aac',
    '-b:a',
    settings.audioBitrate,
    '-ar',
    '48000',
    '-ac',
    '2',
    ...container,
  ];
}
