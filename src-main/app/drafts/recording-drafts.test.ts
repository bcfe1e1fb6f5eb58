import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snrAgainstReference } from '../../../tests/support/audio-spectrum.js';
import { tempDir } from '../../../tests/support/fixtures.js';
import { mediaTools } from '../../engine/media/ffmpeg.js';
import { runProcess } from '../../engine/media/run-process.js';
import { measureFileLoudness } from '../../engine/voice/audio-normalize.js';
import { synthesizeSpeech } from '../../engine/voice/tts.js';
import { RECORDING_FILES, RecordingDrafts } from './recording-drafts.js';

const work = tempDir('tp-recording-drafts-');
afterAll(() => work.cleanup());
const file = (name: string): string => path.join(work.dir, name);

async function ffmpeg(args: string[]): Promise<void> {
  const result = await runProcess(mediaTools().ffmpeg.path, ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args]);
  if (result.code !== 0) throw new Error(result.stderr);
}

/** Every tag ffprobe finds: the container's, each stream's and each chapter's. */
async function tagsOf(name: string): Promise<{ tags: Record<string, string>; codecs: string[]; durationS: number }> {
  const result = await runProcess(mediaTools().ffprobe.path, ['-v', 'error', '-show_format', '-show_streams', '-show_chapters', '-of', 'json', name]);
  const probed = JSON.parse(result.stdout.toString('utf8')) as {
    format: { tags?: Record<string, string>; duration?: string };
    streams: Array<{ codec_name: string; tags?: Record<string, string> }>;
    chapters: Array<{ tags?: Record<string, string> }>;
  };
  const tags = Object.assign({}, probed.format.tags ?? {}, ...probed.streams.map((s) => s.tags ?? {}), ...probed.chapters.map((c) => c.tags ?? {}));
  return { tags, codecs: probed.streams.map((s) => s.codec_name), durationS: Number(probed.format.duration ?? 0) };
}

async function decode16k(name: string): Promise<Float32Array> {
  const result = await runProcess(mediaTools().ffmpeg.path, ['-nostdin', '-v', 'error', '-i', name, '-ac', '1', '-ar', '16000', '-f', 'f32le', 'pipe:1']);
  const samples = new Float32Array(result.stdout.byteLength / 4);
  new Uint8Array(samples.buffer).set(result.stdout.subarray(0, samples.length * 4));
  return samples;
}

describe('recordings waiting in the Create form', () => {
  let clean = '';
  beforeAll(async () => {
    const voice = await synthesizeSpeech({ text: 'This is my own voice, recorded on my phone in the kitchen.', language: 'en', workDir: file('tts') });
    clean = voice.audioPath;
    // A phone's voice memo: AAC in M4A over a fan, with the phone's tags, a place and a date.
    const graph = 'anoisesrc=color=pink:amplitude=0.05:r=48000[fan];[0:a][fan]amix=2:normalize=0:duration=first';
    await ffmpeg([
      '-i',
      clean,
      '-filter_complex',
      graph,
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-metadata',
      'title=Kitchen take',
      '-metadata',
      'artist=Maya Example',
      '-metadata',
      'location=+52.5200+013.4050/',
      '-metadata',
      'creation_time=2026-11-30T08:15:00Z',
      '-metadata',
      'comment=iPhone 15 Pro',
      '-metadata:s:a',
      'handler_name=Core Media Audio',
      file('memo.m4a'),
    ]);
  });

  it('stores the take without its tags (place, date, phone, names), its sound stream-copied, and offers the cleaned and the raw take', async () => {
    const before = await tagsOf(file('memo.m4a'));
    expect(before.tags).toMatchObject({ title: 'Kitchen take', artist: 'Maya Example', comment: 'iPhone 15 Pro' });
    const drafts = new RecordingDrafts(file('drafts'));
    const { token, draft } = await drafts.importBytes('memo.m4a', await readFile(file('memo.m4a')));
    const folder = await drafts.folderOf(token);
    expect((await readdir(folder)).sort()).toEqual([RECORDING_FILES.record, RECORDING_FILES.upload, RECORDING_FILES.preview, RECORDING_FILES.rawPreview].sort());

    const stored = await tagsOf(path.join(folder, RECORDING_FILES.upload));
    expect(stored.codecs).toEqual(['aac']);
    expect(Math.abs(stored.durationS - draft.durationS)).toBeLessThan(0.1);
    // Matroska always names its muxer; with bitexact that is the bare "Lavf", no version. Nothing else is left.
    const leftover = Object.entries(stored.tags).filter(([key]) => key.toLowerCase() !== 'duration');
    expect(leftover).toEqual([['encoder', 'Lavf']]);
    const bytes = await readFile(path.join(folder, RECORDING_FILES.upload));
    for (const word of ['Kitchen', 'Maya', 'iPhone', '52.5200', '2026-11-30', 'Core Media']) expect(bytes.includes(word)).toBe(false);

    // Before and after: both at −14 LUFS under −1 dBTP, the cleaned one with far less fan between the words.
    const reference = await decode16k(clean);
    const raw = await decode16k(path.join(folder, RECORDING_FILES.rawPreview));
    const cleaned = await decode16k(path.join(folder, RECORDING_FILES.preview));
    // 7.8 dB measured through AAC (voice-cleanup.test.ts measures the cleanup itself on lossless takes).
    expect(snrAgainstReference(cleaned, reference, 16000) - snrAgainstReference(raw, reference, 16000)).toBeGreaterThan(6);
    for (const preview of [RECORDING_FILES.preview, RECORDING_FILES.rawPreview]) {
      const loudness = await measureFileLoudness(path.join(folder, preview));
      expect(Math.abs(loudness.lufs - -14)).toBeLessThanOrEqual(1);
      expect(loudness.truePeak, preview).toBeLessThanOrEqual(-1);
    }
  });
});
