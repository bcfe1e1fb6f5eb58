import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/support/fixtures.js';
import { mediaTools } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';
import { measureFileLoudness } from './audio-normalize.js';
import { detectSpeechSegments, loadRecording } from './recording.js';
import { synthesizeSpeech } from './tts.js';

const work = tempDir('tp-recording-');
afterAll(() => work.cleanup());

async function ffmpeg(args: string[]): Promise<void> {
  const result = await runProcess(mediaTools().ffmpeg.path, ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args]);
  if (result.code !== 0) throw new Error(result.stderr);
}

const file = (name: string): string => path.join(work.dir, name);

describe('own voice recordings', () => {
  let speechS = 0;
  beforeAll(async () => {
    // A real voice to record: eSpeak's speech, quieter and in stereo like a phone recording.
    const voice = await synthesizeSpeech({
      text: 'Hello, this is my own voice. I recorded it on my phone this morning.',
      language: 'en',
      workDir: file('source'),
    });
    speechS = voice.durationS;
    await ffmpeg(['-i', voice.audioPath, '-af', 'volume=-12dB', '-ac', '2', '-ar', '44100', '-c:a', 'pcm_s16le', file('voice.wav')]);
    await Promise.all([
      ffmpeg(['-i', file('voice.wav'), '-c:a', 'libmp3lame', '-b:a', '96k', file('voice.mp3')]),
      ffmpeg(['-i', file('voice.wav'), '-c:a', 'aac', '-b:a', '96k', file('voice.m4a')]),
      ffmpeg(['-i', file('voice.wav'), '-c:a', 'libvorbis', file('voice.ogg')]),
      ffmpeg(['-i', file('voice.wav'), '-c:a', 'libopus', '-b:a', '48k', file('voice.opus')]),
      ffmpeg(['-i', file('voice.wav'), '-c:a', 'libopus', '-b:a', '48k', '-f', 'webm', file('voice.webm')]),
    ]);
  });

  it.each(['voice.wav', 'voice.mp3', 'voice.m4a', 'voice.ogg', 'voice.opus', 'voice.webm'])(
    'loads %s as a normalised 48 kHz voice with speech segments',
    async (name) => {
      const voice = await loadRecording({ file: file(name), workDir: file(`out-${name}`) });
      expect(voice).toMatchObject({ source: 'recording', sampleRate: 48000, words: [], engine: { name: 'recording' } });
      // Encoders pad a few tens of milliseconds.
      expect(Math.abs(voice.durationS - speechS)).toBeLessThan(0.15);
      expect(voice.analysis.samples.length / 16000).toBeCloseTo(voice.durationS, 2);
      expect(voice.loudness.inputLufs).toBeLessThan(-20);
      const { lufs } = await measureFileLoudness(voice.audioPath);
      expect(Math.abs(lufs - -14)).toBeLessThanOrEqual(1.5);
      const segments = detectSpeechSegments(voice.analysis.samples, 16000);
      expect(segments.length).toBeGreaterThanOrEqual(1);
      expect(segments[0]!.startS).toBeGreaterThan(0.05);
      expect(segments.at(-1)!.endS).toBeLessThan(voice.durationS);
    },
  );

  it('names the file type by its contents: a WAV renamed .mp3 still loads', async () => {
    copyFileSync(file('voice.wav'), file('really-a-wav.mp3'));
    const voice = await loadRecording({ file: file('really-a-wav.mp3'), workDir: file('out-renamed') });
    expect(Math.abs(voice.durationS - speechS)).toBeLessThan(0.15);
  });

  it('refuses a silent WAV with AUDIO_SILENT', async () => {
    await ffmpeg(['-f', 'lavfi', '-i', 'anullsrc=r=44100:cl=mono', '-t', '3', file('silent.wav')]);
    await expect(loadRecording({ file: file('silent.wav'), workDir: file('out-silent') })).rejects.toMatchObject({ code: 'AUDIO_SILENT' });
  });

  it('refuses steady room noise with no speech in it with AUDIO_SILENT', async () => {
    await ffmpeg(['-f', 'lavfi', '-i', 'anoisesrc=c=pink:a=0.02:r=44100:d=3', file('room.wav')]);
    await expect(loadRecording({ file: file('room.wav'), workDir: file('out-room') })).rejects.toMatchObject({ code: 'AUDIO_SILENT' });
  });

  it('refuses a 400-second WAV with AUDIO_TOO_LONG', async () => {
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=f=220:r=8000:d=400', '-c:a', 'pcm_s16le', file('long.wav')]);
    await expect(loadRecording({ file: file('long.wav'), workDir: file('out-long') })).rejects.toMatchObject({
      code: 'AUDIO_TOO_LONG',
      message: expect.stringMatching(/400 seconds/),
    });
  });

  it('refuses a clip shorter than half a second with AUDIO_TOO_SHORT', async () => {
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=f=220:r=16000:d=0.3', file('short.wav')]);
    await expect(loadRecording({ file: file('short.wav'), workDir: file('out-short') })).rejects.toMatchObject({ code: 'AUDIO_TOO_SHORT' });
  });

  it('refuses a text file renamed .mp3 with NOT_AN_AUDIO_FILE', async () => {
    writeFileSync(file('notes.mp3'), 'Dear diary,\nthis is not a song.\n'.repeat(50));
    await expect(loadRecording({ file: file('notes.mp3'), workDir: file('out-text') })).rejects.toMatchObject({ code: 'NOT_AN_AUDIO_FILE' });
  });

  it('refuses an image with NOT_AN_AUDIO_FILE', async () => {
    await ffmpeg(['-f', 'lavfi', '-i', 'color=c=red:s=32x32', '-frames:v', '1', file('picture.png')]);
    await expect(loadRecording({ file: file('picture.png'), workDir: file('out-png') })).rejects.toMatchObject({ code: 'NOT_AN_AUDIO_FILE' });
  });

  it('refuses a truncated M4A with AUDIO_CORRUPT', async () => {
    writeFileSync(file('broken.m4a'), readFileSync(file('voice.m4a')).subarray(0, 2000));
    await expect(loadRecording({ file: file('broken.m4a'), workDir: file('out-broken') })).rejects.toMatchObject({ code: 'AUDIO_CORRUPT' });
  });

  it('refuses missing and empty files with FILE_NOT_FOUND and FILE_EMPTY', async () => {
    await expect(loadRecording({ file: file('nope.wav'), workDir: file('out-nope') })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    writeFileSync(file('empty.wav'), '');
    await expect(loadRecording({ file: file('empty.wav'), workDir: file('out-empty') })).rejects.toMatchObject({ code: 'FILE_EMPTY' });
  });

  it('cancels while decoding with CANCELLED', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(loadRecording({ file: file('voice.wav'), workDir: file('out-cancel'), signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });
});
