import type { RenderReport } from '../../../src-shared/report.js';
import type { MotionSettings } from '../../../src-shared/render.js';
import type { TalkingVideoResult } from '../animate/render-talking-video.js';
import type { IntakePhoto } from '../intake/photo-intake.js';
import type { PhoneTimeline } from '../voice/phone-timeline.js';
import type { Voice } from '../voice/voice.js';

/**
 * What a render may ask of the cloud (issue 7): a better photo, a voice, a talking video.
 * The engine knows only this interface; the app implements it over the provider router
 * (src-main/app/services/cloud-routes.ts), so the engine never imports the providers,
 * their keys or the library that records their spend. A render given none is local,
 * which is every render by default.
 */
export interface CloudRoutes {
  /** The routes of one render, which write into its staging folder and stop with its signal. */
  forRender(context: CloudRenderContext): CloudRender;
}

export interface CloudRenderContext {
  workDir: string;
  signal?: AbortSignal;
  /** The render speaks a script ('local' until a cloud voice does) or plays the creator's recording. */
  speech: 'local' | 'recording';
}

export interface CloudRender {
  /** The photo a cloud editor improved when one is planned and good enough; else `photo`. */
  photo(photo: IntakePhoto): Promise<IntakePhoto>;
  /** The script spoken by a cloud voice when one is planned; else `speakLocally()`. */
  voice(text: string, speakLocally: () => Promise<Voice>, voiceId: string | null, language: string): Promise<Voice>;
  /** A provider's talking video made into the render's master; else `input.renderLocally()`. */
  video(input: CloudVideoInput): Promise<CloudVideoResult>;
  /** Plans, attempts, spend and which route each step used, as report.json keeps them. */
  report(): NonNullable<RenderReport['providers']>;
}

export interface CloudVideoInput {
  enhancedJpeg: string;
  /** With `phones`, a provider's picture is judged against the words like our own render. */
  voice: { audioPath: string; samples: Float32Array; sampleRate: number; durationS: number; phones?: PhoneTimeline };
  script: string;
  /** The voice is the creator's own recording: a provider that speaks itself (Veo) is not planned. */
  ownRecording?: boolean;
  language: string;
  width: number;
  height: number;
  fps: number;
  motion: MotionSettings;
  maxrateKbps?: number;
  watermark?: boolean;
  outFile: string;
  signal?: AbortSignal;
  /** The local engine: the last route, and what runs when no cloud route is planned. */
  renderLocally: () => Promise<TalkingVideoResult>;
}

/** A master from a provider that spoke itself carries `voice`: the render's voice from then on. */
export type CloudVideoResult = TalkingVideoResult & { voice?: Voice };
