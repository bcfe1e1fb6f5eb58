import { statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/fixtures.js';
import { probeMedia } from '../media/probe.js';
import { VoicePreviews } from './voice-preview.js';

const work = tempDir('tp-voice-preview-');
afterAll(() => work.cleanup());

describe('"Hear it" for the computer’s own voices', () => {
  it('plays a Linux speech-dispatcher voice saying the sample sentence, and the same file when asked again', async () => {
    const previews = new VoicePreviews(work.dir);
    const first = await previews.preview({ language: 'en', voice: 'system:linux:flite:kal16' });
    const audio = (await probeMedia(first.file)).streams.find((s) => s.codecType === 'audio');
    expect(audio).toMatchObject({ codecName: 'pcm_s16le', sampleRate: 48000 });
    // "Hi! This is how I will sound in your video." takes Flite about 2.5 s.
    expect(first.durationS).toBeGreaterThan(1.5);
    expect(first.durationS).toBeLessThan(6);
    const made = statSync(first.file).mtimeMs;
    const again = await previews.preview({ language: 'en', voice: 'system:linux:flite:kal16' });
    expect(again.file).toBe(first.file);
    expect(statSync(again.file).size).toBe(statSync(first.file).size);
    expect(statSync(again.file).mtimeMs).toBeGreaterThanOrEqual(made);
    // eSpeak's clip of the same sentence is another file.
    expect((await previews.preview({ language: 'en' })).file).not.toBe(first.file);
  }, 120_000);
});
