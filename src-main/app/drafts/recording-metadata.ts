import { rename, rm } from 'node:fs/promises';
import { mediaTools, SAFE_INPUT_FLAGS } from '../../engine/media/ffmpeg.js';
import { runProcess } from '../../engine/media/run-process.js';

/**
 * A recording kept without what its file says about it: a phone's voice memo carries its
 * model, the date and often the place, a DAW export the creator's name. Like a photo's
 * EXIF (removed when the photo is re-encoded), these tags are dropped before the take is
 * stored: the audio stream is copied untouched into Matroska (which holds every codec a
 * recording arrives in) with no global, stream or chapter metadata and no muxer name.
 * A codec Matroska cannot carry is stored as FLAC instead: lossless, so nothing is lost.
 */

const FFMPEG_TIMEOUT_MS = 180_000;

function args(source: string, target: string, codec: string[]): string[] {
  return [
    ...SAFE_INPUT_FLAGS,
    '-v',
    'error',
    '-y',
    '-i',
    source,
    '-map',
    '0:a:0',
    '-vn',
    '-sn',
    '-dn',
    ...codec,
    '-map_metadata',
    '-1',
    '-map_metadata:s:a',
    '-1',
    '-map_chapters',
    '-1',
    '-fflags',
    '+bitexact',
    '-flags:a',
    '+bitexact',
    '-f',
    'matroska',
    target,
  ];
}

export async function stripRecordingMetadata(source: string, target: string, signal?: AbortSignal): Promise<void> {
  const { ffmpeg } = mediaTools();
  const partial = `${target}.partial`;
  let result = await runProcess(ffmpeg.path, args(source, partial, ['-c:a', 'copy']), { signal, timeoutMs: FFMPEG_TIMEOUT_MS });
  if (result.code !== 0) {
    result = await runProcess(ffmpeg.path, args(source, partial, ['-c:a', 'flac']), { signal, timeoutMs: FFMPEG_TIMEOUT_MS });
  }
  if (result.code !== 0) {
    await rm(partial, { force: true });
    throw new Error(`ffmpeg could not store the recording without its tags: ${result.stderr.trim().slice(-500)}`);
  }
  await rename(partial, target);
}
