import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { TalkingVideoResult } from '../../engine/animate/render-talking-video.js';
import { buildMotionTrack } from '../../engine/animate/motion-track.js';
import { frameCountFor } from '../../engine/animate/audio-features.js';
import { DEFAULT_H264, h264OutputArgs } from '../../engine/encode/h264-args.js';
import { watermarkFilter } from '../../engine/encode/watermark.js';
import { analyzeFaces } from '../../engine/face/face-analysis.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../../engine/media/ffmpeg.js';
import { cancelled } from '../../engine/pipeline/cancellation.js';
import { runProcess } from '../../engine/media/run-process.js';
import { measureMediaHealth, type MediaHealth } from '../../engine/verify/media-health.js';
import { judgeVideoFile } from '../../engine/verify/judge-file.js';
import { videoScore } from '../../engine/verify/quality-score.js';
import type { PhoneTimeline } from '../../engine/voice/phone-timeline.js';
import { loadRecording } from '../../engine/voice/recording.js';
import type { Voice } from '../../engine/voice/voice.js';
import { SUPPORTED_LANGUAGES, TARGET_LOUDNESS_LUFS } from '../../../src-shared/limits.js';
import { PROVIDER_CATALOG, type ProviderId } from '../../../src-shared/providers.js';
import type { OutputBody, SyncVideoProvider, VideoAspect } from '../../cloud/providers/provider-types.js';
import { ProviderSession } from '../../cloud/providers/provider-session.js';
import { onDisk, type CloudStages } from './cloud-stages.js';

/**
 * The talking video from a cloud provider (issue 7), made into the same master the local
 * engine draws: the clips joined, cropped to the master's frame, at the render's frame
 * rate, H.264 + AAC like every other master. Its sound is the speech its lips move to:
 * our own voice for the providers that lip-sync to the voice they were given (D-ID,
 * HeyGen, Runway), the clips' own speech for a provider that speaks the script itself
 * (the catalog's `speaksItself`: Veo takes no audio). That speech is loaded like a
 * recording of the script (loudness, forced alignment), and it replaces our voice for the
 * captions, the kit and the report, so every word time is one the viewer hears (issue 16).
 * Then the kit and the checks treat it like any other video: the face is found in one of
 * its frames, and the motion track the cover picker reads is the one the voice implies.
 */

export type { CloudVideoInput, CloudVideoResult } from '../../engine/pipeline/cloud-port.js';
import type { CloudVideoInput, CloudVideoResult } from '../../engine/pipeline/cloud-port.js';

type VideoVoice = CloudVideoInput['voice'];

const speaksItself = (provider: ProviderId): boolean => PROVIDER_CATALOG[provider].speaksItself === true;

function aspectOf(width: number, height: number): VideoAspect {
  if (width === height) return '1:1';
  return width < height ? '9:16' : '16:9';
}

export async function routeVideo(stages: CloudStages, input: CloudVideoInput): Promise<CloudVideoResult> {
  const plan = stages.session.plan('video_generation', { videoSeconds: input.voice.durationS, ...(input.ownRecording ? { ownRecording: true } : {}) });
  if (!ProviderSession.usesCloud(plan)) return input.renderLocally();
  let local: TalkingVideoResult | undefined;
  let localError: unknown;
  const localRoute: SyncVideoProvider = {
    id: 'local',
    capability: 'video_generation',
    mode: 'sync',
    render: async () => {
      try {
        local = await input.renderLocally();
      } catch (error) {
        localError = error;
        throw error;
      }
      return { video: { file: input.outFile }, mime: 'video/mp4' };
    },
  };
  const request = {
    photo: await readFile(input.enhancedJpeg),
    mime: 'image/jpeg',
    audio: { data: await readFile(input.voice.audioPath), mime: 'audio/wav' },
    script: input.script,
    language: input.language,
    durationS: input.voice.durationS,
    aspect: aspectOf(input.width, input.height),
  };
  // A speaking provider's speech is heard once, when its clips are judged, and kept for the master.
  const heard = new Map<string, Promise<Voice>>();
  const speechOf = (provider: ProviderId, outputs: OutputBody[]): Promise<Voice> => {
    const key = `${provider}:${outputs.map((body) => ('file' in body ? body.file : body.data.length)).join('|')}`;
    let speech = heard.get(key);
    if (!speech) {
      speech = speechOfClips(stages, provider, outputs, input);
      heard.set(key, speech);
    }
    return speech;
  };
  const score = async (provider: ProviderId, outputs: OutputBody[]): Promise<number | null> => {
    if (provider === 'local') return null;
    if (!speaksItself(provider)) return scoreClips(stages, outputs, input.voice, input.signal);
    let own: Voice;
    try {
      own = await speechOf(provider, outputs);
    } catch (error) {
      if (input.signal?.aborted) throw error;
      // Clips with no speech to hear have lips moving to nothing the viewer could hear.
      return 0;
    }
    return scoreClips(stages, outputs, videoVoice(own), input.signal);
  };
  const outcome = await stages.session.run(plan, { capability: 'video_generation', input: request }, localRoute, stages.signal, (result) => score(result.provider, result.outputs));
  if (!outcome.result) {
    if (outcome.cancelled) throw cancelled();
    if (localError) throw localError;
    return input.renderLocally();
  }
  stages.used.video = outcome.result.provider;
  if (outcome.result.provider === 'local' && local) return local;
  const { provider, outputs } = outcome.result;
  try {
    if (!speaksItself(provider)) return await masterFromClips(stages, input, outputs);
    const own = await speechOf(provider, outputs);
    return { ...(await masterFromClips(stages, { ...input, voice: videoVoice(own) }, outputs)), voice: own };
  } catch (error) {
    if (input.signal?.aborted) throw error;
    // A provider's file that cannot be made into a master (no face in it, unreadable) is
    // no worse than no provider: the local engine draws the video instead.
    stages.used.video = 'local';
    return input.renderLocally();
  }
}

/**
 * A provider's video judged as a viewer would before it is kept (the router moves on below
 * 7.5), by the same measures as our own renders (verify/judge-file.ts): each clip's frames
 * against the part of our voice it carries (lips on p/b/m, open vowels, timing, blinks,
 * head, background, damage), and the clips together for frozen or black stretches and
 * whether they last as long as the voice. `voice` is the speech the master will carry: ours,
 * or a speaking provider's own, heard and aligned from its clips. Its loudness is not
 * judged: either is brought to our loudness. The provider's score is its worst clip's.
 */
async function scoreClips(stages: CloudStages, outputs: OutputBody[], voice: CloudVideoInput['voice'], signal?: AbortSignal): Promise<number | null> {
  const voiceS = voice.durationS;
  try {
    let videoS = 0;
    const frozen: MediaHealth['frozenStretches'] = [];
    const black: MediaHealth['blackStretches'] = [];
    const clipScores: number[] = [];
    for (const [i, body] of outputs.entries()) {
      const file = await onDisk(body, clipFile(stages, i));
      const health = await measureMediaHealth(file, { signal });
      const clipS = health.videoDurationS ?? 0;
      frozen.push(...health.frozenStretches.map((s) => ({ ...s, startS: s.startS + videoS, endS: s.endS + videoS })));
      black.push(...health.blackStretches.map((s) => ({ ...s, startS: s.startS + videoS, endS: s.endS + videoS })));
      if (voice.phones && clipS > 0 && videoS < voiceS) {
        const judged = await judgeVideoFile(file, { voice: voicePart(voice, voice.phones, videoS, clipS), signal });
        // Its own sound and length are judged below, over all clips against our voice.
        const seen = { ...judged.health, audioDurationS: judged.health.videoDurationS, loudnessLufs: TARGET_LOUDNESS_LUFS };
        const score = videoScore({ verification: judged.verification, health: seen }).score;
        if (score !== null) clipScores.push(score);
      }
      videoS += clipS;
    }
    // The master is cut at the voice's end: what runs past it is never seen, what falls short is a frozen end.
    const seen = (s: { startS: number }) => s.startS < voiceS;
    const whole = videoScore({
      health: { videoDurationS: Math.min(videoS, voiceS), audioDurationS: voiceS, frozenStretches: frozen.filter(seen), blackStretches: black.filter(seen), loudnessLufs: TARGET_LOUDNESS_LUFS },
    }).score;
    return Math.min(whole ?? 10, ...clipScores);
  } catch (error) {
    if (signal?.aborted) throw error;
    // A file ffmpeg cannot read, or with no face in it, scores nothing: the router then moves on.
    return 0;
  }
}

/** The stretch of our voice a clip starting `fromS` into the video carries, its phones moved to the clip's own time. */
function voicePart(voice: CloudVideoInput['voice'], phones: PhoneTimeline, fromS: number, lengthS: number) {
  const first = Math.round(fromS * voice.sampleRate);
  const last = Math.min(voice.samples.length, Math.round((fromS + lengthS) * voice.sampleRate));
  return {
    samples: voice.samples.subarray(first, last),
    sampleRate: voice.sampleRate,
    phones: {
      method: phones.method,
      phones: phones.phones.filter((p) => p.startS >= fromS && p.endS <= fromS + lengthS).map((p) => ({ ...p, startS: p.startS - fromS, endS: p.endS - fromS })),
    },
  };
}

const clipFile = (stages: CloudStages, index: number): string => path.join(stages.workDir, `cloud-clip-${index}.mp4`);

function videoVoice(voice: Voice): VideoVoice {
  return { audioPath: voice.audioPath, samples: voice.analysis.samples, sampleRate: voice.analysis.sampleRate, durationS: voice.durationS, phones: voice.phones };
}

/**
 * What a provider that speaks itself said, as a voice: its clips' sound joined in order,
 * then loaded like a recording of the script (the same loudness as every voice, the script
 * aligned to the speech for the mouth's phones and the captions' words). Kept in a folder
 * of its own: our voice's voice.wav stays for the local engine should this route fail.
 */
async function speechOfClips(stages: CloudStages, provider: ProviderId, outputs: OutputBody[], input: CloudVideoInput): Promise<Voice> {
  const clips: string[] = [];
  for (const [i, body] of outputs.entries()) clips.push(await onDisk(body, clipFile(stages, i)));
  const dir = path.join(stages.workDir, `speech-${provider}`);
  await mkdir(dir, { recursive: true });
  const joined = path.join(dir, 'clips-sound.wav');
  const filter = `${clips.map((_, i) => `[${i}:a]`).join('')}concat=n=${clips.length}:v=0:a=1[a]`;
  const made = await runProcess(
    mediaTools().ffmpeg.path,
    [...SAFE_INPUT_FLAGS, '-loglevel', 'error', '-y', ...clips.flatMap((clip) => ['-i', clip]), '-filter_complex', filter, '-map', '[a]', '-ac', '1', '-c:a', 'pcm_s16le', joined],
    { signal: input.signal },
  );
  if (made.code !== 0) throw new Error(`the provider's clips have no sound to keep: ${made.stderr.slice(-300)}`);
  const language = SUPPORTED_LANGUAGES.find((code) => code === input.language);
  const loaded = await loadRecording({ file: joined, workDir: dir, signal: input.signal, transcript: input.script, language });
  return { ...loaded, source: 'tts', engine: { name: PROVIDER_CATALOG[provider].displayName } };
}

async function masterFromClips(stages: CloudStages, input: CloudVideoInput, outputs: OutputBody[]): Promise<TalkingVideoResult> {
  const started = performance.now();
  const clips: string[] = [];
  for (const [i, body] of outputs.entries()) clips.push(await onDisk(body, clipFile(stages, i)));
  const { width, height, fps } = input;
  const joined = clips.map((_, i) => `[${i}:v]`).join('');
  // Cover the frame (crop, never bars), hold the last frame if the clips end before the voice.
  // `input.voice` is the speech the lips move to: ours, or the clips' own (speechOfClips).
  const filter = `${joined}concat=n=${clips.length}:v=1:a=0,scale=${width}:${height}:force_original_aspect_ratio=increase,crop=${width}:${height},setsar=1,fps=${fps},tpad=stop_mode=clone:stop_duration=${Math.ceil(input.voice.durationS)}${input.watermark ? `,${watermarkFilter()}` : ''}[v]`;
  const args = [
    ...SAFE_INPUT_FLAGS,
    '-loglevel',
    'error',
    '-y',
    ...clips.flatMap((clip) => ['-i', clip]),
    '-i',
    input.voice.audioPath,
    '-filter_complex',
    filter,
    '-map',
    '[v]',
    '-map',
    `${clips.length}:a`,
    '-t',
    input.voice.durationS.toFixed(3),
    ...h264OutputArgs({ ...DEFAULT_H264, fps, ...(input.maxrateKbps ? { maxrateKbps: input.maxrateKbps } : {}) }, input.outFile),
  ];
  const made = await runProcess(mediaTools().ffmpeg.path, args, { signal: input.signal });
  if (made.code !== 0) throw new Error(`ffmpeg could not make a master of the provider's video: ${made.stderr.slice(-500)}`);
  for (const clip of clips) if (clip.startsWith(stages.workDir)) await rm(clip, { force: true });

  // Where the face is in the provider's framing: found on a frame a third of the way in.
  const frame = await runProcess(
    mediaTools().ffmpeg.path,
    [...SAFE_INPUT_FLAGS, '-loglevel', 'error', '-ss', (input.voice.durationS / 3).toFixed(2), '-i', input.outFile, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { signal: input.signal },
  );
  if (frame.code !== 0 || frame.stdout.length !== width * height * 3) throw new Error(`no frame could be read from the provider's video: ${frame.stderr.slice(-300)}`);
  const faces = await analyzeFaces({ rgb: frame.stdout, width, height });
  const box = faces.chosen.box;
  const frameCount = frameCountFor(input.voice.durationS, fps);
  const track = buildMotionTrack(input.voice.samples, input.voice.sampleRate, input.voice.durationS, fps, frameCount, input.motion, 1);
  // The whole head moves in a provider's video: the region the checks watch is the head, generously.
  const region = grow(box, 1.8, width, height);
  const iod = box.width * 0.42;
  return {
    frameCount,
    layout: { scale: 1, cropX: 0, cropY: 0, width, height },
    region,
    faceBoxInFrame: box,
    iodInFrame: iod,
    track,
    drawMs: performance.now() - started,
  };
}

function grow(box: { x: number; y: number; width: number; height: number }, by: number, width: number, height: number) {
  const w = Math.min(width, box.width * by);
  const h = Math.min(height, box.height * by);
  const x = Math.max(0, Math.min(width - w, box.x + box.width / 2 - w / 2));
  const y = Math.max(0, Math.min(height - h, box.y + box.height / 2 - h / 2));
  // Even sizes and offsets: the checks crop YUV 4:2:0.
  const even = (n: number): number => Math.floor(n / 2) * 2;
  return { x: even(x), y: even(y), width: even(w), height: even(h) };
}
