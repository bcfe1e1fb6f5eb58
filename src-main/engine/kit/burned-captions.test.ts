import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { platformSpec } from '../../../src-shared/platforms.js';
import { tempDir } from '../../../tests/support/fixtures.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';
import { assScript, captionFontFor, missingGlyphs, placeCaptions, prepareCaptionFont, writeAssFile } from './burned-captions.js';
import type { Cue } from './captions.js';

const work = tempDir('tp-burned-captions-');
afterAll(() => work.cleanup());

// Large enough that a single glyph is a few hundred pixels of text.
const SPEC = { ...platformSpec('whatsapp-status'), width: 720, height: 1280 };
const HEAD = { x: 220, y: 320, width: 280, height: 320 };

/** One cue a second, so frame n (at 1 fps) shows cue n alone. */
const cuesOf = (lines: readonly string[]): Cue[] => lines.map((line, i) => ({ startS: i, endS: i + 0.9, lines: [line] }));

/**
 * Burns `cues` over a black frame with ffmpeg's libass, as the kit does (fonts staged in
 * workDir/fonts, cwd = workDir), and returns one grey frame per second and libass's log.
 */
async function burn(name: string, cues: Cue[], script = assScript(SPEC, cues, placeCaptions(SPEC, cues, HEAD))): Promise<{ frames: Buffer[]; log: string }> {
  const workDir = path.join(work.dir, name);
  mkdirSync(workDir, { recursive: true });
  await prepareCaptionFont(workDir);
  const filter = await writeAssFile(workDir, name, script);
  const result = await runProcess(
    mediaTools().ffmpeg.path,
    [
      ...SAFE_INPUT_FLAGS,
      '-nostats',
      '-loglevel',
      'verbose',
      '-f',
      'lavfi',
      '-i',
      `color=c=black:s=${SPEC.width}x${SPEC.height}:r=1:d=${cues.length}`,
      '-vf',
      filter,
      '-pix_fmt',
      'gray',
      '-f',
      'rawvideo',
      'frames.gray',
    ],
    { cwd: workDir },
  );
  expect(result.code, result.stderr).toBe(0);
  const raw = readFileSync(path.join(workDir, 'frames.gray'));
  const size = SPEC.width * SPEC.height;
  return { frames: cues.map((_, i) => raw.subarray(i * size, (i + 1) * size)), log: result.stderr };
}

/** The white text pixels of a frame (the caption box is dark grey, the background black). */
function ink(frame: Buffer): Set<number> {
  const on = new Set<number>();
  for (let i = 0; i < frame.length; i += 1) if (frame[i]! > 200) on.add(i);
  return on;
}

/** Share of the two glyphs' text pixels that only one of them has: 0 for identical boxes. */
function difference(a: Set<number>, b: Set<number>): number {
  let only = 0;
  for (const i of a) if (!b.has(i)) only += 1;
  for (const i of b) if (!a.has(i)) only += 1;
  return only / Math.max(1, a.size + b.size);
}

describe('burned-in captions', () => {
  it('draws each script with a bundled font that has it', () => {
    expect(captionFontFor('Hello, world', false).family).toBe('DejaVu Sans');
    expect(captionFontFor('今日はYouTubeで', true).family).toBe('Noto Sans JP');
    // A kanji-only line of a Japanese script keeps the Japanese forms.
    expect(captionFontFor('天気', true).family).toBe('Noto Sans JP');
    expect(captionFontFor('今天天气很好', false).family).toBe('Noto Sans SC');
    expect(captionFontFor('안녕하세요 3개', false).family).toBe('Noto Sans KR');
    expect(captionFontFor('नमस्ते दुनिया', false).family).toBe('Noto Sans Devanagari');
    const script = assScript(SPEC, cuesOf(['こんにちは', '天気']), placeCaptions(SPEC, cuesOf(['こんにちは']), HEAD));
    expect(script.match(/\{\\fnNoto Sans JP\}/gu)).toHaveLength(2);
  });

  it('burns a Japanese caption as distinct glyphs, not the boxes a font without them draws', async () => {
    const characters = ['今', '日', 'は', '気'];
    const { frames, log } = await burn('japanese', cuesOf(characters));
    expect(missingGlyphs(log)).toEqual([]);
    // Only the Japanese font was staged for ffmpeg, beside DejaVu.
    expect(readdirSync(path.join(work.dir, 'japanese', 'fonts')).sort()).toEqual(['DejaVuSans-Bold.ttf', 'NotoSansJP-Bold.ttf']);
    const glyphs = frames.map(ink);
    for (const glyph of glyphs) expect(glyph.size).toBeGreaterThan(150);
    for (let i = 0; i < glyphs.length; i += 1) {
      for (let j = i + 1; j < glyphs.length; j += 1) expect(difference(glyphs[i]!, glyphs[j]!)).toBeGreaterThan(0.3);
    }

    // The same captions in DejaVu alone: where no system font has them either, libass says so and draws the same box for each.
    const dejavu = assScript(SPEC, cuesOf(characters), placeCaptions(SPEC, cuesOf(characters), HEAD)).replace(/\{\\fnNoto Sans JP\}/gu, '');
    const boxes = await burn('tofu', cuesOf(characters), dejavu);
    if (missingGlyphs(boxes.log).length === characters.length) {
      const tofu = boxes.frames.map(ink);
      for (let i = 1; i < tofu.length; i += 1) expect(difference(tofu[0]!, tofu[i]!)).toBeLessThan(0.05);
    }
  }, 30_000);

  it('burns Chinese, Korean and Hindi captions with every glyph found', async () => {
    const { frames, log } = await burn('scripts', cuesOf(['今天天气很好', '안녕하세요', 'नमस्ते दुनिया']));
    expect(missingGlyphs(log)).toEqual([]);
    for (const frame of frames) expect(ink(frame).size).toBeGreaterThan(500);
  }, 30_000);
});
