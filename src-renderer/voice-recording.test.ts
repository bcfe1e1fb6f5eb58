import { describe, expect, it } from 'vitest';
import { formatClock, problemOf, recordingFileName, recordingMimeType } from './voice-recording.js';

describe('recording format and name', () => {
  it('records WebM/Opus where it can, else Ogg, else MP4 (Safari), else whatever the browser picks', () => {
    const only =
      (...types: string[]) =>
      (type: string) =>
        types.includes(type);
    expect(recordingMimeType(only('audio/webm;codecs=opus', 'audio/webm', 'audio/mp4'))).toBe('audio/webm;codecs=opus');
    expect(recordingMimeType(only('audio/ogg;codecs=opus'))).toBe('audio/ogg;codecs=opus');
    expect(recordingMimeType(only('audio/mp4'))).toBe('audio/mp4');
    expect(recordingMimeType(only())).toBeUndefined();
  });

  it('names a take by when it was made, with the extension of what was recorded', () => {
    const at = new Date(2026, 0, 5, 7, 4, 59);
    expect(recordingFileName(at, 'audio/webm;codecs=opus')).toBe('recording-2026-01-05-0704.webm');
    expect(recordingFileName(at, 'audio/ogg;codecs=opus')).toBe('recording-2026-01-05-0704.ogg');
    expect(recordingFileName(at, 'audio/mp4;codecs=mp4a.40.2')).toBe('recording-2026-01-05-0704.m4a');
  });

  it('counts minutes and seconds the way a recorder does', () => {
    expect([formatClock(0), formatClock(9.99), formatClock(65.2), formatClock(360)]).toEqual(['00:00', '00:09', '01:05', '06:00']);
  });

  it('tells a busy microphone from a refused one and from one that is missing', () => {
    expect(['NotAllowedError', 'SecurityError', 'NotFoundError', 'NotReadableError', 'NotSupportedError', 'TypeError'].map((name) => problemOf({ name }))).toEqual([
      'denied',
      'denied',
      'no-microphone',
      'busy',
      'unsupported',
      'failed',
    ]);
  });
});
