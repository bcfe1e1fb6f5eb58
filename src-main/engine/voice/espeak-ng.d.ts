/**
 * The part of `@echogarden/espeak-ng-emscripten` (eSpeak NG compiled to JavaScript by
 * Emscripten, with synthesis events) that espeak-worker.mjs uses. Only that worker,
 * running in its own process, imports it.
 */
declare module '@echogarden/espeak-ng-emscripten' {
  interface EspeakRawEvent {
    type: 'list_terminated' | 'word' | 'sentence' | 'mark' | 'play' | 'end' | 'msg_terminated' | 'phoneme' | 'samplerate';
    text_position: number;
    word_length: number;
    /** Milliseconds into the audio synthesized so far. */
    audio_position: number;
    id?: string | number;
  }
  interface ESpeakNGWorker {
    readonly samplerate: number;
    /** 0 when the voice exists. */
    set_voice(name: string): number;
    set_rate(wordsPerMinute: number): void;
    set_pitch(pitch: number): void;
    synthesize(text: string, callback: (samples: Int16Array, events: EspeakRawEvent[]) => boolean): void;
  }
  interface EspeakModule {
    eSpeakNGWorker: new () => ESpeakNGWorker;
  }
  const initialize: () => Promise<EspeakModule>;
  export default initialize;
}
