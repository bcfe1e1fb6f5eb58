import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { access, copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlatformSpec } from '../../../src-shared/platforms.js';
import { columns, type Cue } from './captions.js';
import type { Rect } from './reframe.js';

/**
 * Burned-in captions: an ASS subtitle script per rendition, drawn by ffmpeg's libass
 * (`subtitles` filter) at the rendition's own pixel size, inside the platform's safe area.
 * White bold text on a half-transparent dark box reads on any background, light or dark.
 * The fonts ship with the app: DejaVu Sans Bold (Latin, Greek, Cyrillic) and Noto Sans
 * Bold for Japanese, Chinese, Korean and Devanagari (resources/fonts, OFL-1.1), so a
 * caption looks the same on every machine and never falls back to boxes; a glyph no
 * font has is still reported, never silent.
 */

const require = createRequire(import.meta.url);
export const CAPTION_FONT = { family: 'DejaVu Sans', file: 'DejaVuSans-Bold.ttf' } as const;
/** Folder name, relative to the burn work folder, that ffmpeg is pointed at with `fontsdir`. */
export const FONTS_DIR = 'fonts';

interface ScriptFont {
  family: string;
  file: string;
}

/**
 * The bundled font for each script DejaVu lacks. Chinese and Japanese share the Han
 * characters but draw some differently (直, 骨), so a script with kana draws its kanji
 * with the Japanese font. Each font also has Latin letters and digits for mixed lines.
 */
const JAPANESE_FONT: ScriptFont = { family: 'Noto Sans JP', file: 'NotoSansJP-Bold.ttf' };
const SCRIPT_FONTS: ReadonlyArray<ScriptFont & { script: RegExp }> = [
  { script: /\p{Script=Hangul}/u, family: 'Noto Sans KR', file: 'NotoSansKR-Bold.ttf' },
  { script: /[\p{Script=Hiragana}\p{Script=Katakana}]/u, ...JAPANESE_FONT },
  { script: /\p{Script=Han}/u, family: 'Noto Sans SC', file: 'NotoSansSC-Bold.ttf' },
  { script: /\p{Script=Devanagari}/u, family: 'Noto Sans Devanagari', file: 'NotoSansDevanagari-Bold.ttf' },
];
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HAN = /\p{Script=Han}/u;

/** The font a caption line is drawn with; `japanese`: the script has kana, so its kanji are Japanese. */
export function captionFontFor(line: string, japanese: boolean): ScriptFont {
  if (japanese && HAN.test(line)) return JAPANESE_FONT;
  return SCRIPT_FONTS.find((font) => font.script.test(line)) ?? CAPTION_FONT;
}

/** ASS text drawn in the font its script needs: a font override (`\fn`) where it is not the style's DejaVu. */
function inScriptFont(text: string, japanese: boolean): string {
  const font = captionFontFor(text, japanese);
  return font.family === CAPTION_FONT.family ? text : `{\\fn${font.family}}${text}`;
}

/** The bundled fonts folder: beside the sources in development, inside the app (asar) when packaged. */
function bundledFontsDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../../resources/fonts'), path.resolve(here, '../../../../../resources/fonts')];
  return candidates.find((dir) => existsSync(path.join(dir, JAPANESE_FONT.file))) ?? candidates[0]!;
}

/** DejaVu Sans Bold's average advance is about 0.62 em for running text. */
const EM_PER_COLUMN = 0.62;
const LINE_HEIGHT_EM = 1.25;

export interface CaptionPlacement {
  fontSize: number;
  /** 2 = bottom centre, 8 = top centre (ASS numpad alignment). */
  alignment: 2 | 8;
  marginV: number;
  marginL: number;
  marginR: number;
}

type Frame = Pick<PlatformSpec, 'width' | 'height' | 'safeArea'>;

/** The caption size a viewer reads at a glance on a phone: larger on vertical video. */
function targetFontSize(spec: Frame): number {
  return Math.round(spec.height > spec.width ? 0.034 * spec.height : 0.05 * spec.height);
}

function sideMargins(spec: Frame): { marginL: number; marginR: number } {
  const { width: W, safeArea: safe } = spec;
  return { marginL: Math.round((safe.left / 100) * W + 0.03 * W), marginR: Math.round((safe.right / 100) * W + 0.03 * W) };
}

/**
 * Columns per burned caption line at the target size: on a vertical frame fewer words
 * per line, larger, the way creators caption; never more than the sidecar files' 42.
 */
export function burnColumns(spec: Frame): number {
  const { marginL, marginR } = sideMargins(spec);
  return Math.max(12, Math.min(42, Math.floor((spec.width - marginL - marginR) / (EM_PER_COLUMN * targetFontSize(spec)))));
}

/**
 * Size and place the captions for one rendition: the target size, smaller only if a
 * line would not fit the safe width; at the bottom of the safe area, or at its top when
 * the bottom would cover the chin and there is more room above. `head` is the head box
 * in rendition pixels.
 */
export function placeCaptions(spec: Frame, cues: readonly Cue[], head: Rect): CaptionPlacement {
  const { height: H, safeArea: safe } = spec;
  const { marginL, marginR } = sideMargins(spec);
  const widest = Math.max(8, ...cues.flatMap((cue) => cue.lines.map((line) => columns(line))));
  const fontSize = Math.max(12, Math.floor(Math.min(targetFontSize(spec), (spec.width - marginL - marginR) / (widest * EM_PER_COLUMN))));
  const maxLines = Math.max(1, ...cues.map((cue) => cue.lines.length));
  const block = maxLines * fontSize * LINE_HEIGHT_EM + fontSize * 0.6;
  const bottomMargin = Math.round((safe.bottom / 100) * H + 0.02 * H);
  const topMargin = Math.round((safe.top / 100) * H + 0.02 * H);
  const chin = head.y + head.height;
  const roomBelow = H - bottomMargin - block - chin;
  const roomAbove = head.y - topMargin - block;
  const alignment = roomBelow < 0 && roomAbove > roomBelow && roomAbove >= 0 ? 8 : 2;
  return { fontSize, alignment, marginV: alignment === 2 ? bottomMargin : topMargin, marginL, marginR };
}

function assTime(seconds: number): string {
  const cs = Math.max(0, Math.round(seconds * 100));
  const h = Math.floor(cs / 360000);
  const m = Math.floor(cs / 6000) % 60;
  const s = Math.floor(cs / 100) % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(cs % 100).padStart(2, '0')}`;
}

/**
 * ASS reads `{…}` as style overrides and backslash sequences as commands, and has no
 * escape for them that every libass reads the same, so in the burned picture braces
 * become parentheses and a backslash a slash (the SRT and VTT files keep the exact text).
 */
function assText(line: string): string {
  return line.replace(/\\/gu, '/').replace(/\{/gu, '(').replace(/\}/gu, ')').replace(/\s+/gu, ' ').trim();
}

function scriptHeader(spec: Pick<PlatformSpec, 'width' | 'height'>, style: { fontSize: number; alignment: number; marginL: number; marginR: number; marginV: number }): string[] {
  const { fontSize, alignment, marginL, marginR, marginV } = style;
  const box = Math.max(2, Math.round(fontSize * 0.28));
  return [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${spec.width}`,
    `PlayResY: ${spec.height}`,
    // 2: never re-wrap; our cues already hold lines that fit.
    'WrapStyle: 2',
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    // BorderStyle 3: an opaque box in OutlineColour (here black at about 40% transparency).
    `Style: Caption,${CAPTION_FONT.family},${fontSize},&H00FFFFFF,&H00FFFFFF,&H60000000,&H60000000,-1,0,0,0,100,100,0,0,3,${box},0,${alignment},${marginL},${marginR},${marginV},1`,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
  ];
}

export function assScript(spec: Pick<PlatformSpec, 'width' | 'height'>, cues: readonly Cue[], placement: CaptionPlacement): string {
  const japanese = cues.some((cue) => cue.lines.some((line) => KANA.test(line)));
  const events = cues
    .map((cue) => ({
      cue,
      text: inScriptFont(
        cue.lines
          .map(assText)
          .filter((l) => l !== '')
          .join('\\N'),
        japanese,
      ),
    }))
    .filter(({ text }) => text !== '')
    .map(({ cue, text }) => `Dialogue: 0,${assTime(cue.startS)},${assTime(cue.endS)},Caption,,0,0,0,,${text}`);
  return [...scriptHeader(spec, placement), ...events, ''].join('\n');
}

/**
 * A cover's title: large, centred, in the first of these that holds it: the space above
 * the head, the space below the chin, the bottom of the safe area (over the chest).
 */
export function titleScript(spec: Frame, lines: readonly string[], head: Rect): string {
  const { width: W, height: H, safeArea: safe } = spec;
  const fontSize = Math.round(Math.min(0.055 * H, 0.075 * W));
  const block = lines.length * fontSize * LINE_HEIGHT_EM + fontSize * 0.6;
  const top = (safe.top / 100) * H + 0.02 * H;
  const bottom = H - (safe.bottom / 100) * H - 0.02 * H;
  const chin = head.y + head.height;
  const y = head.y - top >= block ? top : bottom - chin >= block ? chin + 0.02 * H : bottom - block;
  const { marginL, marginR } = sideMargins(spec);
  const x = Math.round(marginL + (W - marginL - marginR) / 2);
  const text = inScriptFont(
    lines
      .map(assText)
      .filter((l) => l !== '')
      .join('\\N'),
    lines.some((line) => KANA.test(line)),
  );
  const header = scriptHeader(spec, { fontSize, alignment: 8, marginL, marginR, marginV: 0 });
  return [...header, `Dialogue: 0,0:00:00.00,9:00:00.00,Caption,,0,0,0,,{\\pos(${x},${Math.round(y)})}${text}`, ''].join('\n');
}

/**
 * Puts the caption font into `workDir/fonts`, where every burn filter looks for it.
 * Copied under a temporary name and renamed, so an ffmpeg started by a concurrent caller
 * never reads a half-copied font.
 */
export async function prepareCaptionFont(workDir: string): Promise<void> {
  await stageFont(workDir, require.resolve(`dejavu-fonts-ttf/ttf/${CAPTION_FONT.file}`), CAPTION_FONT.file);
}

async function stageFont(workDir: string, source: string, file: string): Promise<void> {
  const dir = path.join(workDir, FONTS_DIR);
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await copyFile(source, temp);
  await rename(temp, path.join(dir, file));
}

/**
 * The script fonts a subtitle script names, put beside DejaVu in `workDir/fonts`. Only
 * those it uses: libass reads every font in the folder into memory (the Chinese one
 * alone is 10 MB).
 */
async function stageScriptFonts(workDir: string, script: string): Promise<void> {
  const needed = SCRIPT_FONTS.filter((font) => script.includes(`\\fn${font.family}}`));
  for (const font of needed) {
    const staged = await access(path.join(workDir, FONTS_DIR, font.file)).then(
      () => true,
      () => false,
    );
    if (!staged) await stageFont(workDir, path.join(bundledFontsDir(), font.file), font.file);
  }
}

/**
 * Writes `<name>.ass` into workDir and returns the filter that burns it. ffmpeg runs with
 * cwd = workDir, so the filter names plain relative files and no path needs escaping.
 */
export async function writeAssFile(workDir: string, name: string, script: string): Promise<string> {
  if (!/^[a-z0-9-]+$/u.test(name)) throw new Error(`subtitle script name must be plain, got "${name}"`);
  await stageScriptFonts(workDir, script);
  await writeFile(path.join(workDir, `${name}.ass`), script, 'utf8');
  return `subtitles=f=${name}.ass:fontsdir=${FONTS_DIR}`;
}

export function writeBurnScript(workDir: string, name: string, spec: Frame, cues: readonly Cue[], head: Rect): Promise<string> {
  return writeAssFile(workDir, name, assScript(spec, cues, placeCaptions(spec, cues, head)));
}

/**
 * Characters libass found in no font, from its verbose log: a "Glyph … not found" line
 * that is not followed by a "fontselect: … ->" line naming the fallback it chose.
 */
export function missingGlyphs(log: string): string[] {
  const missing = new Set<string>();
  let pending: string | undefined;
  for (const line of log.split(/\r?\n|\r/u)) {
    const glyph = /Glyph 0x([0-9A-Fa-f]+) not found/u.exec(line);
    if (glyph) {
      if (pending) missing.add(pending);
      pending = String.fromCodePoint(Number.parseInt(glyph[1]!, 16));
    } else if (pending && /fontselect: .* -> /u.test(line)) {
      pending = undefined;
    }
  }
  if (pending) missing.add(pending);
  return [...missing];
}
