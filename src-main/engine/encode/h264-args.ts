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

/**
 * `encodedCopyTo`: ffmpeg's tee also writes the very H.264 packets the MP4 gets, as a raw
 * (Annex B) stream, to that output (`pipe:3`): the frame check decodes them while the file
 * is still being written, and reads the same pixels as from the finished MP4. The MP4 is
 * byte for byte the one written without the copy (global headers are what the MP4 muxer
 * asks of x264 anyway; dump_extra repeats them before each key frame of the copy only).
 */
export function h264OutputArgs(settings: H264Settings, outFile: string, options: { encodedCopyTo?: string } = {}): string[] {
  const container = options.encodedCopyTo
    ? ['-flags', '+global_header', '-map_metadata', '-1', '-f', 'tee', `[f=mp4:movflags=+faststart]${teeQuoted(outFile)}|[f=h264:select=v:bsfs/v=dump_extra]${options.encodedCopyTo}`]
    : ['-movflags', '+faststart', '-map_metadata', '-1', '-f', 'mp4', '-y', outFile];
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
    // x264's lookahead thread buffers frames ahead of the encoding threads: veryfast's
    // automatic 4 held about 30 MB at 1080×1920. One frame keeps the thread and most of the
    // memory back. Without the thread (0) the lookahead ran in the thread that reads the
    // frames, and a 10 s 720×1280 render's drawing waited on it: its animate stage took
    // 0.4 s longer (5.15 s against 4.75, five interleaved pairs, the machine shared; the
    // whole render 8.39 s against 8.10, four rounds), while the still-photo floor was the
    // same either way. A 60 s 1080×1920 render peaked at 468 MB with 1 against 466–474 MB
    // with 0. More frame threads (threads=4 where x264 picks 3 on two cores) sped the
    // drawing up alone, not the whole render (8.50 s against 8.31), for 22 MB more at 1080×1920.
    '-x264-params',
    'sync-lookahead=1',
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

/** A path inside a tee slave: single-quoted, so `|`, `[`, `]`, `:` and `\` stay part of the name. */
function teeQuoted(file: string): string {
  return `'${file.replace(/'/g, "'\\''")}'`;
}
