import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderReport } from '../../src-shared/report.js';
import { mediaTools } from '../../src-main/engine/media/ffmpeg.js';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';
import { startElevenLabsFake, type ElevenLabsFake } from '../fakes/elevenlabs-fake.js';
import { runCli } from '../support/cli.js';
import { fixture, tempDir } from '../support/fixtures.js';
import { FAKE_KEY } from '../support/provider-doubles.js';

/**
 * Issue 16, cloud voices: a voice ElevenLabs speaks is timed like a creator's recording
 * with its words (the script aligned to the audio phone by phone), so the lips meet on its
 * p/b/m and keep time with it, as they do with eSpeak. The fake speaks the real protocol
 * and answers real speech (eSpeak's, as MP3 at ElevenLabs' 44.1 kHz) with a time per
 * character spread evenly over it, as a provider's rough timings would be.
 */

const work = tempDir('tp-cloud-voice-');
const SPOKEN = 'Bob bought a big blue map, and Pam put it back by the lamp.';
let voice: ElevenLabsFake;

beforeAll(async () => {
  const speech = await synthesizeSpeech({ text: SPOKEN, language: 'en', workDir: path.join(work.dir, 'tts') });
  const mp3 = path.join(work.dir, 'cloud-voice.mp3');
  execFileSync(mediaTools().ffmpeg.path, ['-hide_banner', '-loglevel', 'error', '-y', '-i', speech.audioPath, '-ar', '44100', '-c:a', 'libmp3lame', '-b:a', '128k', mp3]);
  voice = await startElevenLabsFake({ apiKey: FAKE_KEY, audio: readFileSync(mp3), secondsPerCharacter: speech.durationS / [...SPOKEN].length });
}, 120_000);

afterAll(async () => {
  await voice.close();
  work.cleanup();
});

describe('a cloud voice keeps the lips in sync', () => {
  it("times the mouth from the script aligned to ElevenLabs' audio: lips meet on its p/b/m and the picture keeps time with the sound", async () => {
    const out = path.join(work.dir, 'out');
    const result = await runCli(['render', '--photo', fixture('portrait-biden-tall.jpg'), '--script', SPOKEN, '--out', out, '--size', '256x448', '--json', '--route', 'elevenlabs'], {
      env: { TALKINGPHOTO_DATA_DIR: path.join(work.dir, 'data'), TALKINGPHOTO_ELEVENLABS_API_KEY: FAKE_KEY, TALKINGPHOTO_ELEVENLABS_BASE_URL: voice.url },
    });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as RenderReport;
    expect(report.providers?.used.speech).toBe('elevenlabs');
    expect(voice.syntheses).toHaveLength(1);
    const visemes = report.quality.visemes!;
    expect(visemes.method).toBe('aligned');
    // The targets every local render is held to (src-main/engine/verify/viseme-measures.ts).
    expect(visemes.closure.phones).toBeGreaterThanOrEqual(6);
    expect(visemes.closure.share).toBeGreaterThanOrEqual(visemes.targets.closureShare);
    // 25 fps: −1 to +3 frames is the video score's full mark for timing (−40 to +120 ms).
    expect(visemes.lead.frames).toBeGreaterThanOrEqual(-1);
    expect(visemes.lead.frames).toBeLessThanOrEqual(3);
    expect(report.voice.words.map((w) => w.text).join(' ')).toBe(SPOKEN);
  }, 300_000);
});
