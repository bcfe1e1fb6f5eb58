import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/fixtures.js';
import { mediaTools } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';
import { measureFileLoudness } from './audio-normalize.js';
import { snrAgainstReference } from '../../../tests/support/audio-spectrum.js';
import { encodeWav } from './pcm.js';
import { detectSpeechSegments, loadRecording } from './recording.js';
import { truePeakTurnDownDb } from './true-peak-guard.js';
import { synthesizeSpeech } from './tts.js';
import type { Voice } from './voice.js';

const work = tempDir('tp-recording-');
afterAll(() => work.cleanup());

async function ffmpeg(args: string[]): Promise<void> {
  const result = await runProcess(mediaTools().ffmpeg.path, ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args]);
  if (result.code !== 0) throw new Error(result.stderr);
}

const file = (name: string): string => path.join(work.dir, name);

const SPOKEN = 'Hello, this is my own voice. I recorded it on my phone this morning.';

describe('own voice recordings', () => {
  let speechS = 0;
  let source: Voice;
  beforeAll(async () => {
    // A real voice to record: eSpeak's speech, quieter and in stereo like a phone recording.
    const voice = await synthesizeSpeech({
      text: SPOKEN,
      language: 'en',
      workDir: file('source'),
    });
    source = voice;
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

  it.each(['voice.wav', 'voice.mp3', 'voice.m4a', 'voice.ogg', 'voice.opus', 'voice.webm'])('loads %s as a normalised 48 kHz voice with speech segments', async (name) => {
    const voice = await loadRecording({ file: file(name), workDir: file(`out-${name}`) });
    expect(voice).toMatchObject({ source: 'recording', sampleRate: 48000, words: [], engine: { name: 'recording' } });
    // Encoders pad a few tens of milliseconds.
    expect(Math.abs(voice.durationS - speechS)).toBeLessThan(0.15);
    expect(voice.analysis.samples.length / 16000).toBeCloseTo(voice.durationS, 2);
    expect(voice.loudness.inputLufs).toBeLessThan(-20);
    const { lufs, truePeak } = await measureFileLoudness(voice.audioPath);
    expect(Math.abs(lufs - -14)).toBeLessThanOrEqual(1.5);
    // The normaliser's own reading of the sound it wrote (reported to 0.01 dB; ffmpeg prints tenths).
    expect(Math.abs(voice.loudness.truePeakDbtp! - truePeak)).toBeLessThan(0.06);
    const segments = detectSpeechSegments(voice.analysis.samples, 16000);
    expect(segments.length).toBeGreaterThanOrEqual(1);
    expect(segments[0]!.startS).toBeGreaterThan(0.05);
    expect(segments.at(-1)!.endS).toBeLessThan(voice.durationS);
  });

  it('names the file type by its contents: a WAV renamed .mp3 still loads', async () => {
    copyFileSync(file('voice.wav'), file('really-a-wav.mp3'));
    const voice = await loadRecording({ file: file('really-a-wav.mp3'), workDir: file('out-renamed') });
    expect(Math.abs(voice.durationS - speechS)).toBeLessThan(0.15);
  });

  it('turns a voice down by what its true peak is over −1 dBTP, plus 0.1 dB, and leaves one under it alone', () => {
    expect(truePeakTurnDownDb(-3.2)).toBe(0);
    expect(truePeakTurnDownDb(-1)).toBe(0);
    expect(truePeakTurnDownDb(-0.5)).toBeCloseTo(-0.6, 9);
    expect(truePeakTurnDownDb(-Infinity)).toBe(0);
  });

  it('refuses a silent WAV with AUDIO_SILENT', async () => {
    await ffmpeg(['-f', 'lavfi', '-i', 'anullsrc=r=44100:cl=mono', '-t', '3', file('silent.wav')]);
    await expect(loadRecording({ file: file('silent.wav'), workDir: file('out-silent') })).rejects.toMatchObject({ code: 'AUDIO_SILENT' });
    // With the cleanup, which starts beside the loudness measure: the same refusal, and nothing of it left behind.
    await expect(loadRecording({ file: file('silent.wav'), workDir: file('out-silent-cleaned'), cleanup: true })).rejects.toMatchObject({ code: 'AUDIO_SILENT' });
    expect(readdirSync(file('out-silent-cleaned'))).toEqual([]);
  });

  it('refuses steady room noise with no speech in it with AUDIO_SILENT', async () => {
    await ffmpeg(['-f', 'lavfi', '-i', 'anoisesrc=c=pink:a=0.02:r=44100:d=3', file('room.wav')]);
    await expect(loadRecording({ file: file('room.wav'), workDir: file('out-room') })).rejects.toMatchObject({ code: 'AUDIO_SILENT' });
  });

  it('accepts a voice over a loud music bed with no quiet moment (chords 3 dB under the voice), and finds its speech', async () => {
    const voice = source.analysis.samples;
    const bed = new Float32Array(voice.length);
    for (let i = 0; i < bed.length; i += 1) {
      const t = i / 16000;
      bed[i] = Math.sin(2 * Math.PI * 220 * t) + 0.8 * Math.sin(2 * Math.PI * 277.2 * t) + 0.6 * Math.sin(2 * Math.PI * 329.6 * t);
    }
    const level = (x: Float32Array): number => Math.sqrt(x.reduce((sum, v) => sum + v * v, 0) / x.length);
    const gain = (level(voice) / level(bed)) * 10 ** (-3 / 20);
    const samples = Int16Array.from(voice, (x, i) => Math.round(Math.max(-1, Math.min(1, 0.5 * (x + bed[i]! * gain))) * 32767));
    writeFileSync(file('music-bed.wav'), encodeWav({ sampleRate: 16000, samples }));
    const loaded = await loadRecording({ file: file('music-bed.wav'), workDir: file('out-music-bed') });
    const segments = detectSpeechSegments(loaded.analysis.samples, 16000);
    const found = segments.reduce((sum, x) => sum + x.endS - x.startS, 0);
    const spoken = source.words.at(-1)!.endS - source.words[0]!.startS;
    expect(found).toBeGreaterThan(0.9 * spoken);
  });

  it('cleans up a loud phone take over a fan: the noise between words drops, the voice lands at −14 LUFS and never above −1 dBTP', async () => {
    // Hot enough to touch 0 dBFS, over fan noise, as a phone held close in a warm room records.
    const graph = 'anoisesrc=color=pink:amplitude=0.06:r=44100[fan];[0:a][fan]amix=2:normalize=0:duration=first,volume=10dB,alimiter=limit=0.99:level=false';
    await ffmpeg(['-i', file('voice.wav'), '-filter_complex', graph, '-ac', '1', '-c:a', 'pcm_s16le', file('fan-take.wav')]);
    const [raw, cleaned] = await Promise.all([
      loadRecording({ file: file('fan-take.wav'), workDir: file('out-fan-raw') }),
      loadRecording({ file: file('fan-take.wav'), workDir: file('out-fan-clean'), cleanup: true }),
    ]);
    expect(raw.cleanup).toBeUndefined();
    expect(cleaned.cleanup?.speechShare).toBeGreaterThan(0.3);
    // What report.json reports of it: the fan's floor came down (9.3–12 dB over runs: the fan is random noise).
    expect(cleaned.cleanup?.highPassHz).toBe(80);
    expect(cleaned.cleanup?.noiseReductionDb).toBeGreaterThan(6);
    expect(cleaned.cleanup!.noiseFloorBeforeDbfs - cleaned.cleanup!.noiseFloorAfterDbfs).toBeCloseTo(cleaned.cleanup!.noiseReductionDb, 0);
    const reference = source.analysis.samples;
    // What the viewer hears: the muxed voice.wav of each.
    const heard = async (wav: string): Promise<Float32Array> => {
      const decoded = await runProcess(mediaTools().ffmpeg.path, ['-nostdin', '-v', 'error', '-i', wav, '-ar', '16000', '-f', 'f32le', 'pipe:1']);
      const samples = new Float32Array(decoded.stdout.byteLength / 4);
      new Uint8Array(samples.buffer).set(decoded.stdout.subarray(0, samples.length * 4));
      return samples;
    };
    const before = snrAgainstReference(await heard(raw.audioPath), reference, 16000);
    const after = snrAgainstReference(await heard(cleaned.audioPath), reference, 16000);
    expect(after - before).toBeGreaterThan(10);
    expect(Math.abs(cleaned.durationS - raw.durationS)).toBeLessThan(0.01);
    const measured = await measureFileLoudness(cleaned.audioPath);
    expect(Math.abs(measured.lufs - -14)).toBeLessThanOrEqual(1);
    expect(measured.truePeak).toBeLessThanOrEqual(-1);
    expect(Math.abs(cleaned.loudness.truePeakDbtp! - measured.truePeak)).toBeLessThan(0.2);
    expect(Math.abs(cleaned.loudness.outputLufs! - measured.lufs)).toBeLessThan(0.2);
    // The float intermediate and the take as recorded are not left behind in the render's folder.
    expect(readdirSync(file('out-fan-clean')).filter((name) => name.endsWith('.wav'))).toEqual(['voice.wav']);
    // The mouth is timed from the take as recorded (it follows a real speaker's mouth better): the same phones as the raw load.
    const correlation = (a: Float32Array, b: Float32Array): number => {
      let ab = 0;
      let aa = 0;
      let bb = 0;
      for (let i = 0; i < a.length; i += 1) [ab, aa, bb] = [ab + a[i]! * b[i]!, aa + a[i]! ** 2, bb + b[i]! ** 2];
      return ab / Math.sqrt(aa * bb);
    };
    expect(cleaned.analysis.samples.length).toBe(raw.analysis.samples.length);
    expect(correlation(cleaned.analysis.samples, raw.analysis.samples)).toBeGreaterThan(0.999);
    expect(cleaned.phones.phones.map((p) => p.ipa)).toEqual(raw.phones.phones.map((p) => p.ipa));
  });

  it('refuses steady room noise with AUDIO_SILENT also when cleaning up (the cleanup leaves nothing to speak)', async () => {
    await expect(loadRecording({ file: file('room.wav'), workDir: file('out-room-clean'), cleanup: true })).rejects.toMatchObject({ code: 'AUDIO_SILENT' });
  });

  it('refuses very quiet steady hiss with AUDIO_SILENT', async () => {
    await ffmpeg(['-f', 'lavfi', '-i', 'anoisesrc=c=white:a=0.004:r=16000:d=3', file('hiss.wav')]);
    await expect(loadRecording({ file: file('hiss.wav'), workDir: file('out-hiss') })).rejects.toMatchObject({ code: 'AUDIO_SILENT' });
  });

  it('aligns the words given with the recording: captions and phones timed to the speech, not spread evenly', async () => {
    const loaded = await loadRecording({ file: file('voice.wav'), workDir: file('out-aligned'), transcript: SPOKEN, language: 'en' });
    expect(loaded.phones.method).toBe('aligned');
    expect(loaded.words.map((w) => w.text)).toEqual(source.words.map((w) => w.text));
    // The recording is eSpeak's own speech: its word times are known exactly.
    const errors = loaded.words.map((w, i) => Math.abs(w.startS - source.words[i]!.startS)).sort((a, b) => a - b);
    expect(errors[Math.floor(errors.length / 2)]).toBeLessThan(0.04);
    expect(errors.at(-1)).toBeLessThan(0.12);
    expect(loaded.phones.phones.length).toBeGreaterThan(0.9 * source.phones.phones.length);
  });

  it('estimates phone classes from the audio alone when no words are given', async () => {
    const loaded = await loadRecording({ file: file('voice.wav'), workDir: file('out-acoustic') });
    expect(loaded.phones.method).toBe('acoustic');
    expect(loaded.words).toEqual([]);
    const kinds = new Set(loaded.phones.phones.map((p) => p.ipa));
    for (const kind of ['m', 'a', 'i']) expect(kinds).toContain(kind);
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
