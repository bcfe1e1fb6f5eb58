/**
 * A vowel as the source–filter model builds it (Fant): a glottal pulse train through
 * second-order resonators at the formants and the lips' radiation, so the true F1 is known
 * (for the formant tracker's and the audio-only mouth's tests).
 */
export function synthVowel(formants: Array<[number, number]>, seconds: number, sampleRate: number, pitchHz = 120): Float32Array {
  const n = Math.round(seconds * sampleRate);
  let signal = new Float64Array(n);
  const period = sampleRate / pitchHz;
  // Impulses a little jittered (a perfectly periodic source is no voice), through the
  // glottis's two low poles (−12 dB/octave, Fant's model)...
  for (let pulse = 0; pulse < n; pulse += period) signal[Math.round(pulse + (Math.sin(pulse) * period) / 50)] = 1;
  const glottal = Math.exp((-2 * Math.PI * 100) / sampleRate);
  for (let pass = 0; pass < 2; pass++) for (let i = 1; i < n; i++) signal[i] = signal[i]! + glottal * signal[i - 1]!;
  for (const [hz, bandwidth] of formants) {
    const r = Math.exp((-Math.PI * bandwidth) / sampleRate);
    const a1 = 2 * r * Math.cos((2 * Math.PI * hz) / sampleRate);
    const a2 = -r * r;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = signal[i]! + a1 * (out[i - 1] ?? 0) + a2 * (out[i - 2] ?? 0);
    signal = out;
  }
  // ...and the lips' radiation (+6 dB/octave).
  for (let i = n - 1; i > 0; i--) signal[i] = signal[i]! - signal[i - 1]!;
  const peak = signal.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return Float32Array.from(signal, (v) => (0.5 * v) / peak);
}

/** Back to back, in order. */
export function concatenate(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
