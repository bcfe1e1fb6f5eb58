import { describe, expect, it } from 'vitest';
import { ffmpegErrorText } from './ffmpeg-output.js';

describe('ffmpeg’s error lines', () => {
  it('keeps the lines that say why and drops progress, repeats and blank lines', () => {
    const stderr = [
      'frame=   10 fps=0.0 q=28.0 size=       0kB time=00:00:00.33 bitrate=   0.0kbits/s speed=0.6x\r',
      'frame=   40 fps= 39 q=28.0 size=     256kB time=00:00:01.33 bitrate=1572.9kbits/s speed= 1.3x\r',
      '[libx264 @ 0x55d1] error, non monotonic dts',
      '[libx264 @ 0x55d1] error, non monotonic dts',
      '    Last message repeated 3 times',
      '',
      'size=     512kB time=00:00:02.00 bitrate=2097.2kbits/s speed=1.9x',
      'pipe:0: Invalid data found when processing input',
      'Conversion failed!',
      '',
    ].join('\n');
    expect(ffmpegErrorText(stderr)).toBe('[libx264 @ 0x55d1] error, non monotonic dts\npipe:0: Invalid data found when processing input\nConversion failed!');
  });

  it('keeps the newest lines within its limit, cut at a line start', () => {
    const stderr = Array.from({ length: 100 }, (_, i) => `line ${i} of the error`).join('\n');
    const text = ffmpegErrorText(stderr, 100);
    expect(text.length).toBeLessThanOrEqual(100);
    expect(text.startsWith('line ')).toBe(true);
    expect(text.endsWith('line 99 of the error')).toBe(true);
  });

  it('answers nothing for a stderr of progress only', () => {
    expect(ffmpegErrorText('frame=    1 fps=0.0 q=0.0 size=       0kB time=00:00:00.04 bitrate=N/A speed=N/A\r\n')).toBe('');
  });
});
