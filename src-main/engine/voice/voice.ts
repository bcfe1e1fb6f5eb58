/**
 * The voice a talking video is animated to and muxed with, whether eSpeak spoke it from
 * the script or the creator recorded it. Later stages (lip-sync, captions, encode) read
 * only this, never the engine that produced it.
 */

import type { PhoneTimeline } from './phone-timeline.js';

export interface VoiceWord {
  text: string;
  startS: number;
  endS: number;
}

export interface Voice {
  /** 48 kHz mono 16-bit WAV, loudness-normalised to about TARGET_LOUDNESS_LUFS, ready to mux. */
  audioPath: string;
  sampleRate: 48000;
  /** The same audio, mono 16 kHz, for lip-sync analysis. */
  analysis: { sampleRate: 16000; samples: Float32Array };
  durationS: number;
  /**
   * In order, non-overlapping, inside [0, durationS]: eSpeak's own word events for TTS,
   * the forced alignment of the transcript for a recording or cloud voice; empty for a
   * recording without its words.
   */
  words: VoiceWord[];
  /** The phones of what is said with their times: what the mouth, brows and nods follow. */
  phones: PhoneTimeline;
  source: 'tts' | 'recording';
  engine: {
    name: string;
    version?: string;
    voice?: string;
    license?: string;
    /** Set when the chosen voice was gone and another spoke: the sentence the creator reads. */
    fallback?: string;
  };
  /** EBU R128: as received and as muxed (LUFS), and the muxed file's true peak (dBTP) where it was measured. */
  loudness: { inputLufs?: number; outputLufs?: number; truePeakDbtp?: number };
}
