/**
 * The phones of what is said, with their times: the one timeline every voice path produces
 * (eSpeak's own events, a transcript aligned to a recording, or phone classes estimated
 * from the audio alone) and everything downstream reads (mouth, brows, nods, captions).
 */

export interface TimedPhone {
  /**
   * One phone in IPA as eSpeak NG writes it ("p", "aɪ", "ʃ", "ɑ̃"), without stress marks.
   * A timeline estimated from audio alone uses one representative phone per class
   * ("m" for a closure, "a" for an open vowel, "u" for a rounded one, "" for silence).
   */
  ipa: string;
  startS: number;
  endS: number;
  /** 0 unstressed, 1 secondary (ˌ), 2 primary (ˈ); set on the vowel that carries it. */
  stress: 0 | 1 | 2;
  /**
   * A phone estimated from the audio alone: how likely its class is right, 0–1 (absent:
   * sure). The mouth presses a guessed closure as far as it is likely to be a p, b or m.
   */
  confidence?: number;
  /**
   * An estimated closure the sound leaves with a burst (a stop, not a nasal's murmur): the
   * lips part with the burst, so the mouth holds them shut up to it.
   */
  burst?: boolean;
  /** Index into Voice.words of the word the phone belongs to, where known. */
  word?: number;
}

export interface PhoneTimeline {
  /** In order, non-overlapping, inside [0, Voice.durationS]; pauses are gaps between phones. */
  phones: TimedPhone[];
  /** Exact from the synthesizer, aligned to a transcript, or estimated from the audio alone. */
  method: 'synthesizer' | 'aligned' | 'acoustic';
}
