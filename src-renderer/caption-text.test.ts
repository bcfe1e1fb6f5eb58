import { describe, expect, it } from 'vitest';
import { formatCueTime, parseCaptions } from './caption-text.js';

describe('caption files', () => {
  it('reads SRT cues with their times, Windows line ends and a byte order mark included', () => {
    const srt = '\uFEFF1\r\n00:00:01,200 --> 00:00:03,400\r\nHello <b>there</b>\r\nsecond line\r\n\r\n2\r\n00:01:02,000 --> 00:01:04,050\r\nBye\r\n';
    expect(parseCaptions(srt)).toEqual([
      { startS: 1.2, endS: 3.4, text: 'Hello <b>there</b>\nsecond line' },
      { startS: 62, endS: 64.05, text: 'Bye' },
    ]);
  });

  it('reads WebVTT cues without hours and with settings, skipping the header and NOTE blocks', () => {
    const vtt = 'WEBVTT\n\nNOTE made by TalkingPhoto\n\ncue-1\n00:02.500 --> 00:04.000 align:center line:90%\nHalf price\n\n01:00:00.000 --> 01:00:01.000\nAn hour in\n';
    expect(parseCaptions(vtt)).toEqual([
      { startS: 2.5, endS: 4, text: 'Half price' },
      { startS: 3600, endS: 3601, text: 'An hour in' },
    ]);
  });

  it('finds no cues in an empty or foreign file', () => {
    expect(parseCaptions('WEBVTT\n')).toEqual([]);
    expect(parseCaptions('{"not":"captions"}')).toEqual([]);
  });

  it('writes a cue time as minutes, seconds and tenths', () => {
    expect(formatCueTime(0)).toBe('0:00.0');
    expect(formatCueTime(2.44)).toBe('0:02.4');
    expect(formatCueTime(59.96)).toBe('1:00.0');
    expect(formatCueTime(75.25)).toBe('1:15.3');
  });
});
