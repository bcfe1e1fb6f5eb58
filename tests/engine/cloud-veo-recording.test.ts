import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TalkingVideoResult } from '../../src-main/engine/animate/render-talking-video.js';
import { LibraryProviderLedger, openLibrary, type Library } from '../../src-main/app/library/index.js';
import { routeVideo } from '../../src-main/app/services/cloud-video.js';
import { makeAdapter } from '../../src-main/cloud/providers/adapters/index.js';
import { ProviderSession } from '../../src-main/cloud/providers/provider-session.js';
import { PROVIDER_CATALOG } from '../../src-shared/providers.js';
import { startGoogleFake, type GoogleFake } from '../fakes/google-fake.js';
import { runCli } from '../support/cli.js';
import { fixture, tempDir } from '../support/fixtures.js';
import { FAKE_KEY } from '../support/provider-doubles.js';

/**
 * Issue 16: Veo speaks the script in its own voice, so it can never carry the creator's
 * own recording. The router passes it over up front, saying why, instead of paying for
 * clips whose speech would replace the creator's voice.
 */

const work = tempDir('tp-veo-recording-');
let veo: GoogleFake;
let library: Library;

beforeAll(async () => {
  veo = await startGoogleFake({ apiKey: FAKE_KEY, pollsBeforeDone: 1 });
  library = openLibrary({ dataDir: path.join(work.dir, 'data') });
});

afterAll(async () => {
  library?.close();
  await veo?.close();
  work.cleanup();
});

function veoSession(): ProviderSession {
  const baseUrl = PROVIDER_CATALOG.veo.env!.baseUrl;
  return new ProviderSession({
    ledger: new LibraryProviderLedger(library),
    keys: new Map([['veo', FAKE_KEY]]),
    makeAdapter: (id, key) => makeAdapter(id, key, { [baseUrl]: veo.url }),
    route: ['veo'],
    tier: 'pro',
    projectId: null,
    routerOverrides: { sleep: async (_ms, signal) => void signal?.throwIfAborted() },
  });
}

describe("Veo and the creator's own recording", () => {
  it('draws a recording locally without calling Veo, and the plan says why Veo was passed over', async () => {
    const session = veoSession();
    const used = { image: 'local', speech: 'recording', video: 'local' };
    const audioPath = path.join(work.dir, 'voice.wav');
    writeFileSync(audioPath, Buffer.alloc(64));
    let drawnLocally = 0;
    const local = { frameCount: 1 } as TalkingVideoResult;
    const result = await routeVideo(
      { session, workDir: work.dir, used },
      {
        enhancedJpeg: fixture('portrait-obama.jpg'),
        voice: { audioPath, samples: new Float32Array(16000), sampleRate: 16000, durationS: 5 },
        script: 'Half price this week, only in store.',
        ownRecording: true,
        language: 'en',
        width: 256,
        height: 448,
        fps: 25,
        motion: { expressiveness: 1, headMotion: 1, blinkRate: 16, mood: 'neutral' },
        outFile: path.join(work.dir, 'video.mp4'),
        renderLocally: async () => {
          drawnLocally += 1;
          return local;
        },
      },
    );
    expect(result).toBe(local);
    expect(drawnLocally).toBe(1);
    expect(veo.requests).toHaveLength(0);
    expect(used.video).toBe('local');
    const plan = session.report().plans.find((p) => p.capability === 'video_generation');
    expect(plan?.routes.map((r) => r.provider)).toEqual(['local']);
    expect(plan?.skipped).toEqual([
      { provider: 'veo', reason: 'own_recording', message: 'Veo 3.1 (Gemini API) speaks the script in its own voice and cannot use your recording: your voice goes to the next route.' },
    ]);
  });

  it('tp render --audio --route veo --dry-run names why Veo is skipped and prices nothing for it', async () => {
    const data = path.join(work.dir, 'cli-data');
    const dry = await runCli(
      ['render', '--photo', fixture('portrait-obama.jpg'), '--audio', fixture('portrait-obama.jpg'), '--out', path.join(work.dir, 'never'), '--route', 'veo', '--dry-run', '--tier', 'pro', '--json'],
      { env: { TALKINGPHOTO_DATA_DIR: data, TALKINGPHOTO_VEO_API_KEY: FAKE_KEY, TALKINGPHOTO_VEO_BASE_URL: veo.url } },
    );
    expect(dry.code).toBe(0);
    const answer = JSON.parse(dry.stdout) as { estimateUsd: number; plans: Array<{ capability: string; routes: Array<{ provider: string }>; skipped: Array<{ provider: string; reason: string }> }> };
    const video = answer.plans.find((p) => p.capability === 'video_generation')!;
    expect(video.skipped).toContainEqual(expect.objectContaining({ provider: 'veo', reason: 'own_recording' }));
    expect(video.routes.map((r) => r.provider)).toEqual(['local']);
    expect(answer.estimateUsd).toBe(0);
    expect(veo.requests).toHaveLength(0);
  }, 60_000);
});
