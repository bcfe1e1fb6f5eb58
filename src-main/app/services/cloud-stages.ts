import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from '../../engine/media/sharp.js';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { SUPPORTED_LANGUAGES } from '../../../src-shared/limits.js';
import { PROVIDER_CATALOG, type ProviderId } from '../../../src-shared/providers.js';
import { CLOUD_VOICE_PREFIX, isCloudVoice } from '../../../src-shared/voices.js';
import type { ProvidersReport } from '../../../src-shared/report.js';
import { scorePhoto } from '../../engine/enhance/photo-quality.js';
import { intakePhotoData, type IntakePhoto } from '../../engine/intake/photo-intake.js';
import { cancelled } from '../../engine/pipeline/cancellation.js';
import type { ImageEditor, OutputBody, SpeechProvider } from '../../cloud/providers/provider-types.js';
import { ProviderSession } from '../../cloud/providers/provider-session.js';
import type { RouterOutcome, ScoredOutput } from '../../cloud/providers/router.js';
import { phonesOnWords } from '../../engine/voice/forced-alignment.js';
import { loadRecording } from '../../engine/voice/recording.js';
import type { Voice } from '../../engine/voice/voice.js';

/**
 * Where a render's steps may go to the cloud (issue 7): the photo to a cloud editor before
 * the local enhancer polishes it, the script to a cloud voice. Each step plans its routes;
 * a plan with only the local engine runs the local engine directly, with no network. When
 * a cloud route fails, is too weak or is over budget, the router moves on and the local
 * engine, last in every chain, does the step as it always does.
 */

/** What a cloud editor is asked to do: better light and detail, the same person. */
export const ENHANCE_PROMPT =
  'Improve this portrait photo for a talking-head video: even, soft front light, natural skin tones, sharp eyes, clean background. Keep the person, face, expression, pose, framing and identity exactly the same; do not add or remove anything.';

export interface CloudStages {
  session: ProviderSession;
  workDir: string;
  signal?: AbortSignal;
  used: ProvidersReport['used'];
}

const bytesOf = async (body: OutputBody): Promise<Buffer> => ('data' in body ? body.data : readFile(body.file));

/** Where each result's bytes were already written, so judging a clip and then using it writes it once. */
const written = new WeakMap<Buffer, string>();

/**
 * A route's result as a file ffmpeg can read: its own file where it has one (a cached
 * result, a large download), else its bytes written to `file` in the render's staging
 * folder (removed with it).
 */
export async function onDisk(body: OutputBody, file: string): Promise<string> {
  if ('file' in body) return body.file;
  const earlier = written.get(body.data);
  if (earlier) return earlier;
  await writeFile(file, body.data);
  written.set(body.data, file);
  return file;
}

/**
 * The router's quality score for a photo: the same 0–10 the local enhancer reports. With
 * `madeFrom` (the photo the editor was sent) the edit is judged against it, as the local
 * enhancer's own result is: speckles, halos and overshoot an editor added earn no
 * sharpness and cost points, where scored alone they read as crisp detail.
 */
export async function scoreOutput(output: ScoredOutput, madeFrom?: IntakePhoto): Promise<number | null> {
  // The local engine's photo is the input itself: the enhancer that runs next is what improves it.
  if (output.provider === 'local') return null;
  if (output.capability !== 'image_enhancement' || !output.outputs[0]) return null;
  try {
    const { data, info } = await sharp(await bytesOf(output.outputs[0]))
      .rotate()
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const before = madeFrom ? await sameSize(madeFrom, info.width, info.height) : undefined;
    return scorePhoto(data, info.width, info.height, undefined, before).score;
  } catch {
    // An answer that is not an image scores nothing and is caught as unreadable after.
    return 0;
  }
}

/** The photo as sent, at the edit's size, so each pixel is compared with the one it became. */
async function sameSize(photo: IntakePhoto, width: number, height: number): Promise<Buffer> {
  if (photo.width === width && photo.height === height) return photo.rgb;
  return sharp(photo.rgb, { raw: { width: photo.width, height: photo.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();
}

function failedEverywhere(outcome: RouterOutcome, localError: unknown): never {
  if (outcome.cancelled) throw cancelled();
  if (localError) throw localError;
  const why = outcome.attempts
    .map((a) => a.message)
    .filter(Boolean)
    .join(' ');
  throw new TalkingPhotoError('RENDER_FAILED', `No route could do this step: ${why || 'every provider failed'} Try again, or render with --route local.`);
}

/** The photo as a cloud editor returned it (read back like any photo), or as taken. */
export async function routePhoto(stages: CloudStages, photo: IntakePhoto): Promise<IntakePhoto> {
  const plan = stages.session.plan('image_enhancement', { images: 1 });
  if (!ProviderSession.usesCloud(plan)) return photo;
  const jpeg = await sharp(photo.rgb, { raw: { width: photo.width, height: photo.height, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
  // The local step is the local enhancer that runs next on whatever comes out of this one.
  const local: ImageEditor = { id: 'local', capability: 'image_enhancement', enhance: async () => ({ image: jpeg, mime: 'image/jpeg' }) };
  const outcome = await stages.session.run(plan, { capability: 'image_enhancement', input: { photo: jpeg, mime: 'image/jpeg', prompt: ENHANCE_PROMPT } }, local, stages.signal, (output) =>
    scoreOutput(output, photo),
  );
  const result = outcome.result;
  if (!result) failedEverywhere(outcome, null);
  stages.used.image = result.provider;
  if (result.provider === 'local') return photo;
  try {
    return { ...(await intakePhotoData(await bytesOf(result.outputs[0]!))), bytes: photo.bytes, format: photo.format };
  } catch {
    // An editor that answered something unreadable is no worse than no editor.
    stages.used.image = 'local';
    return photo;
  }
}

/**
 * The script spoken by a cloud voice (with its word timings for captions) or by eSpeak.
 * A cloud voice's audio is loaded like a recording: decoded, resampled and brought to the
 * same loudness as every other voice.
 */
export async function routeVoice(stages: CloudStages, text: string, speakLocally: () => Promise<Voice>, voiceId: string | null, language: string): Promise<Voice> {
  const plan = stages.session.plan('speech', { characters: [...text].length });
  if (!ProviderSession.usesCloud(plan)) return speakLocally();
  let localVoice: Voice | undefined;
  let localError: unknown;
  const local: SpeechProvider = {
    id: 'local',
    capability: 'speech',
    speak: async () => {
      try {
        localVoice = await speakLocally();
      } catch (error) {
        localError = error;
        throw error;
      }
      return { audio: await readFile(localVoice.audioPath), mime: 'audio/wav', words: localVoice.words.map((w) => ({ word: w.text, startS: w.startS, endS: w.endS })) };
    },
  };
  // A cloud voice id is the provider's own; eSpeak's ids mean nothing there.
  const outcome = await stages.session.run(plan, { capability: 'speech', input: { text, language, voice: cloudVoice(voiceId) } }, local, stages.signal);
  const result = outcome.result;
  if (!result) failedEverywhere(outcome, localError);
  stages.used.speech = result.provider;
  if (result.provider === 'local' && localVoice) return localVoice;
  const body = result.outputs[0]!;
  const file = await onDisk(body, path.join(stages.workDir, `voice-${result.provider}${extensionOf(body.mime)}`));
  let loaded: Voice;
  try {
    // The same alignment as a creator's recording with its words: the cloud voice's phones
    // time the mouth exactly as well as eSpeak's own.
    const spoken = SUPPORTED_LANGUAGES.find((code) => code === language);
    loaded = await loadRecording({ file, workDir: stages.workDir, signal: stages.signal, transcript: text, language: spoken });
  } catch (error) {
    if (stages.signal?.aborted) throw error;
    // Audio that is silent or unreadable is no voice at all: eSpeak speaks instead.
    stages.used.speech = 'local';
    return localVoice ?? speakLocally();
  }
  // Loudness is evened out, never the timing: the provider's word times hold, inside the
  // audio; a provider that sends none gets the alignment's.
  const inside = (t: number): number => Math.min(Math.max(0, t), loaded.durationS);
  const providerWords = (result.words ?? []).map((w) => ({ text: w.word, startS: inside(w.startS), endS: inside(w.endS) }));
  return {
    ...loaded,
    source: 'tts',
    words: providerWords.length > 0 ? providerWords : loaded.words,
    phones: providerWords.length > 0 ? phonesOnWords(loaded.phones, providerWords) : loaded.phones,
    engine: { name: PROVIDER_CATALOG[result.provider as ProviderId].displayName },
  };
}

/** `elevenlabs:<id>` names the provider's own voice; eSpeak's ids (`en-us+f3`) mean nothing there. */
function cloudVoice(voiceId: string | null): string | null {
  if (isCloudVoice(voiceId)) return voiceId!.slice(CLOUD_VOICE_PREFIX.length);
  return voiceId && !/^[a-z]{2,3}([-_][a-z0-9]+)*(\+[a-z0-9]+)?$/i.test(voiceId) ? voiceId : null;
}

function extensionOf(mime: string): string {
  if (mime.includes('mpeg') || mime.includes('mp3')) return '.mp3';
  if (mime.includes('wav')) return '.wav';
  if (mime.includes('ogg')) return '.ogg';
  return '.audio';
}
