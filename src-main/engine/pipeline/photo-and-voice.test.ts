import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderStage } from '../../../src-shared/render.js';
import { threadCount, threadsBackTo } from '../../../tests/support/threads.js';
import { REPO_ROOT, tempDir } from '../../../tests/support/fixtures.js';
import { makeWav } from '../../../tests/support/media.js';
import { frameCountFor } from '../animate/audio-features.js';
import { motionTrackFor } from '../animate/render-talking-video.js';
import { enhancePhoto } from '../enhance/local-enhancer.js';
import { FaceSession, releaseWarmFaceSession, takeFaceSession } from '../face/face-session.js';
import { intakePhoto } from '../intake/photo-intake.js';
import { moduleLog } from '../logging/engine-log.js';
import { OUTPUT_FILES } from './output-files.js';
import { animationVoice, preparePhotoAndVoice } from './photo-and-voice.js';
import { validRenderRequest } from './render-request.js';
import { stageRunner } from './stage-runner.js';

const SAMPLE = path.join(REPO_ROOT, 'resources/samples/portrait.jpg');
const work = tempDir('tp-photo-voice-');
const recording = path.join(work.dir, 'take.wav');

beforeAll(async () => {
  await makeWav(recording, 3, 'tone');
  // Starts the thread pools a render uses anyway (file reads, sharp's), so the thread count below is the workers' alone.
  await intakePhoto(SAMPLE);
});
afterAll(() => work.cleanup());

function prepare(options: { stopAt?: RenderStage; faceSession?: FaceSession; forCheck?: boolean } = {}) {
  const sibling = new AbortController();
  const stages = stageRunner({
    log: moduleLog('pipeline'),
    aborted: sibling.signal,
    // The creator presses Cancel the moment the named stage starts.
    onProgress: (progress) => {
      if (progress.stage === options.stopAt && progress.percent === 0) sibling.abort();
    },
  });
  const stagingDir = path.join(work.dir, `staging-${Math.random().toString(36).slice(2)}`);
  const req = validRenderRequest({ photoPath: SAMPLE, audioPath: recording, outDir: path.join(work.dir, 'out') });
  const result = preparePhotoAndVoice({
    req,
    voiceId: undefined,
    stagingDir,
    stage: stages.run,
    sibling,
    faceSession: options.faceSession ?? new FaceSession(),
    faceSessionForCheck: options.forCheck === true,
  });
  return { result, stagingDir };
}

describe('the photo and the voice, side by side', () => {
  it('enhances the photo exactly as enhancePhoto does, in its own thread, beside the recording', async () => {
    const before = threadCount();
    const { result, stagingDir } = prepare();
    const { photo, faces, enhanced, voice } = await result;
    const here = await enhancePhoto(photo, { faceBox: faces.chosen.box });
    expect(enhanced.rgb.equals(here.rgb)).toBe(true);
    expect({ ...enhanced, rgb: undefined }).toEqual({ ...here, rgb: undefined });
    expect(voice.durationS).toBeGreaterThan(2.5);
    expect(existsSync(path.join(stagingDir, OUTPUT_FILES.enhancedPhoto))).toBe(true);
    // Both threads (the face model's and the enhancer's) have ended before the video would be drawn.
    expect(await threadsBackTo(before)).toBe(true);
  });

  it("has the first attempt's motion track ready with them: the one the animation would work out from that voice", async () => {
    const { result } = prepare();
    const { voice, track } = await result;
    const ready = await track;
    const req = validRenderRequest({ photoPath: SAMPLE, audioPath: recording, outDir: path.join(work.dir, 'out') });
    const worked = motionTrackFor(animationVoice(voice), req.fps, req.motion);
    expect(ready.mouthGap.length).toBe(frameCountFor(voice.durationS, req.fps));
    expect(ready).toEqual(worked);
  });

  it("keeps the face model's thread, booted, for a check that meshes as the drawing starts: the check takes that very session, and no other thread is left", async () => {
    const before = threadCount();
    const faceSession = new FaceSession();
    await prepare({ faceSession, forCheck: true }).result;
    // The face model's thread is still running.
    expect(threadCount()).toBeGreaterThan(before);
    const forCheck = takeFaceSession();
    expect(forCheck).toBe(faceSession);
    await forCheck.close();
    expect(await threadsBackTo(before)).toBe(true);
    // Nothing was left waiting for another check.
    await releaseWarmFaceSession();
  });

  it('stops the enhancer at once when the render is cancelled during enhance: CANCELLED, and no thread left running', async () => {
    const before = threadCount();
    const { result } = prepare({ stopAt: 'enhance' });
    await expect(result).rejects.toMatchObject({ name: 'TalkingPhotoError', code: 'CANCELLED' });
    expect(await threadsBackTo(before)).toBe(true);
  });
});
