/**
 * The little WAV handling the voice needs: read eSpeak's 16-bit mono clauses, trim
 * their silence, and write the normalised voice as the 16-bit WAV the video muxes.
 */

export interface Pcm16 {
  sampleRate: number;
  samples: Int16Array;
}

/** Parses a PCM 16-bit mono RIFF/WAVE file (what eSpeak writes). */
export function parseWav(bytes: Uint8Array): Pcm16 {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let offset = 12;
  let sampleRate = 0;
  let format = { audioFormat: 0, channels: 0, bits: 0 };
  while (offset + 8 <= bytes.byteLength) {
    const id = tag(offset);
    const declared = view.getUint32(offset + 4, true);
    const body = offset + 8;
    // Streaming writers leave the data size at 0 or 0xFFFFFFFF: the data runs to the end.
    const size = Math.min(declared, bytes.byteLength - body);
    if (id === 'fmt ') {
      format = { audioFormat: view.getUint16(body, true), channels: view.getUint16(body + 2, true), bits: view.getUint16(body + 14, true) };
      sampleRate = view.getUint32(body + 4, true);
    } else if (id === 'data') {
      if (format.audioFormat !== 1 || format.channels !== 1 || format.bits !== 16) {
        throw new Error(`expected 16-bit mono PCM, got format ${format.audioFormat}, ${format.channels} ch, ${format.bits} bit`);
      }
      const dataSize = declared === 0 || declared === 0xffffffff ? bytes.byteLength - body : size;
      const samples = new Int16Array(Math.floor(dataSize / 2));
      for (let i = 0; i < samples.length; i += 1) samples[i] = view.getInt16(body + i * 2, true);
      return { sampleRate, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV file has no data chunk');
}

/** A mono WAV header: PCM (format 1) or IEEE float (format 3), followed by dataBytes of samples. */
function monoWavHeader(format: 1 | 3, bytesPerSample: number, sampleRate: number, dataBytes: number): Buffer {
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(format, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * bytesPerSample, 28);
  out.writeUInt16LE(bytesPerSample, 32);
  out.writeUInt16LE(8 * bytesPerSample, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  return out;
}

export function encodeWav(pcm: Pcm16): Buffer {
  const out = monoWavHeader(1, 2, pcm.sampleRate, pcm.samples.length * 2);
  for (let i = 0; i < pcm.samples.length; i += 1) out.writeInt16LE(pcm.samples[i] ?? 0, 44 + i * 2);
  return out;
}

/**
 * Float samples (−1…1) as a 16-bit mono WAV, rounded as ffmpeg's float-to-s16 conversion
 * does (×32768, nearest, clipped): what the voice's ffmpeg pass used to write.
 */
export function encodeFloatAsWav16(samples: Float32Array, sampleRate: number): Buffer {
  const out = monoWavHeader(1, 2, sampleRate, samples.length * 2);
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i += 1) {
    const value = Math.round(samples[i]! * 32768);
    pcm[i] = value > 32767 ? 32767 : value < -32768 ? -32768 : value;
  }
  if (littleEndian) Buffer.from(pcm.buffer).copy(out, 44);
  else for (let i = 0; i < pcm.length; i += 1) out.writeInt16LE(pcm[i]!, 44 + i * 2);
  return out;
}

/** WAV is little-endian; so is every machine the app ships for, and then the samples are copied as they lie. */
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A mono IEEE-float WAV (format 3): what ffmpeg reads back without a rounding or a ceiling. */
export function encodeFloatWav(samples: Float32Array, sampleRate: number): Buffer {
  const dataBytes = samples.length * 4;
  const out = monoWavHeader(3, 4, sampleRate, dataBytes);
  Buffer.from(samples.buffer, samples.byteOffset, dataBytes).copy(out, 44);
  return out;
}

/**
 * The voiced part of a clause: eSpeak pads each run with up to ~0.3 s of silence, which
 * would double the pauses we place ourselves. −50 dBFS is below any speech eSpeak makes
 * and above its dithering-free digital silence; a few ms of margin keep soft onsets.
 */
const SILENCE_THRESHOLD = Math.round(32768 * 10 ** (-50 / 20));
const MARGIN_S = 0.01;

export function voicedRange(pcm: Pcm16): { start: number; end: number } | undefined {
  const { samples } = pcm;
  let first = -1;
  let last = -1;
  for (let i = 0; i < samples.length; i += 1) {
    if (Math.abs(samples[i] ?? 0) > SILENCE_THRESHOLD) {
      if (first === -1) first = i;
      last = i;
    }
  }
  if (first === -1) return undefined;
  const margin = Math.round(MARGIN_S * pcm.sampleRate);
  return { start: Math.max(0, first - margin), end: Math.min(samples.length, last + 1 + margin) };
}
