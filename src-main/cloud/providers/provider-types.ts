import type { ProviderId } from '../../../src-shared/providers.js';
import type { ProviderErrorKind } from './provider-error.js';

/**
 * What an adapter for one provider implements, per capability. Adapters speak the
 * provider's HTTP API (docs/providers.md) and nothing else: retries, timeouts, rate
 * limits, breakers, budgets, caching and recording are the router's. An adapter:
 *
 * - honours `signal` (pass it to fetch): the router aborts it on timeout and on cancel;
 * - throws a ProviderError for every failure it understands (`errorForResponse` maps an
 *   HTTP status and its Retry-After), passing its key in `secrets` so a detail that
 *   echoes the request has it removed;
 * - downloads results before returning (result URLs are signed and short-lived);
 * - reads its key and base URL when it is made, never from a request.
 */

export interface CallContext {
  /** Aborted on the attempt's timeout or the creator's cancel. */
  signal: AbortSignal;
}

interface AdapterBase {
  readonly id: ProviderId;
  /**
   * The cheapest real call the API offers that proves the key works (Settings "Test");
   * throws ProviderError kind 'auth' when it does not. Absent for the local engine.
   */
  verifyKey?(context: CallContext): Promise<void>;
}

export interface ImageEnhanceRequest {
  photo: Buffer;
  mime: string;
  /** What to improve, in words the editor understands. */
  prompt: string;
}

export interface ImageEnhanceResult {
  image: Buffer;
  mime: string;
  /** What the provider says it charged, when it says. */
  actualCostUsd?: number;
}

export interface ImageEditor extends AdapterBase {
  readonly capability: 'image_enhancement';
  enhance(request: ImageEnhanceRequest, context: CallContext): Promise<ImageEnhanceResult>;
}

export interface SpeechRequest {
  text: string;
  language: string;
  /** The provider's voice id; null: the provider's default for the language. */
  voice: string | null;
}

export interface WordTiming {
  word: string;
  startS: number;
  endS: number;
}

export interface SpeechResult {
  audio: Buffer;
  mime: string;
  /** For captions; ElevenLabs gives per-character times that the adapter joins into words. */
  words: WordTiming[];
  actualCostUsd?: number;
}

export interface SpeechProvider extends AdapterBase {
  readonly capability: 'speech';
  speak(request: SpeechRequest, context: CallContext): Promise<SpeechResult>;
}

export type VideoAspect = '9:16' | '16:9' | '1:1';

export interface VideoRequest {
  photo: Buffer;
  mime: string;
  /** Our voice; providers that speak the script themselves (the catalog's `speaksItself`: Veo) ignore it. */
  audio?: { data: Buffer; mime: string };
  script: string;
  language: string;
  /** For a fixed-length provider this is one of its allowed clip lengths. */
  durationS: number;
  aspect: VideoAspect;
  /** Set when the router cut the video into clips (Veo): this request's place among them. */
  clip?: { index: number; count: number };
}

export type VideoJobState = 'queued' | 'running' | 'done' | 'failed';

export interface VideoJobStatus {
  state: VideoJobState;
  /** 0–100 when the provider reports it. */
  progress?: number;
  /** With 'failed': why, as the kind the router acts on ('rejected' for content rules). */
  error?: { kind: ProviderErrorKind; detail?: string };
}

/**
 * A finished video: the bytes, or a file the adapter streamed a large download to. A cloud
 * route's file is the router's once returned: it is copied into the library and removed.
 */
export interface VideoResult {
  video: Buffer | { file: string };
  mime: string;
  actualCostUsd?: number;
}

/** Cloud video: submit, then poll until done, then download (HeyGen, D-ID, Runway, Veo). */
export interface AsyncVideoProvider extends AdapterBase {
  readonly capability: 'video_generation';
  readonly mode: 'async';
  /** Starts paid work: the router never repeats it after a timeout. */
  submit(request: VideoRequest, context: CallContext): Promise<{ jobId: string }>;
  poll(jobId: string, context: CallContext): Promise<VideoJobStatus>;
  download(jobId: string, context: CallContext): Promise<VideoResult>;
  /** Stops the remote job where the API allows; resolves quietly where it does not. */
  cancel(jobId: string, context: CallContext): Promise<void>;
  verifyKey(context: CallContext): Promise<void>;
}

/** Video made in one call: the local engine. */
export interface SyncVideoProvider extends AdapterBase {
  readonly capability: 'video_generation';
  readonly mode: 'sync';
  render(request: VideoRequest, context: CallContext): Promise<VideoResult>;
}

export type VideoProvider = AsyncVideoProvider | SyncVideoProvider;
export type ProviderAdapter = ImageEditor | SpeechProvider | VideoProvider;

/** A request for one capability; the router hands `input` to whichever adapter it tries. */
export type CapabilityRequest =
  { capability: 'image_enhancement'; input: ImageEnhanceRequest } | { capability: 'speech'; input: SpeechRequest } | { capability: 'video_generation'; input: VideoRequest };

/** One file a route produced: in memory, or on disk (a cached result, a large download). */
export type OutputBody = { data: Buffer; mime: string } | { file: string; mime: string };
