import sharp from '../media/sharp.js';
import { UPSCALE_BELOW_SHORT_SIDE, MAX_PHOTO_SIDE } from '../../../src-shared/limits.js';
import { scorePhoto, type PhotoQuality, type PhotoRegion } from './photo-quality.js';
import { neighbourhoodRange, type NeighbourhoodRange } from './neighbourhood-range.js';
import { applyTone, lumaStats, type ToneLuts } from './tone-curve.js';

export interface EnhanceOptions {
  /** The face, in input pixels; sharpened harder and used to judge exposure. */
  faceBox?: PhotoRegion;
  /** 'strong': the quality gate's second try when the photo scored under 8 (see STRONG_CANDIDATES). */
  strength?: 'normal' | 'strong';
}

export interface EnhanceResult {
  rgb: Buffer;
  width: number;
  height: number;
  /** Output px per input px: 1 unless the photo was upscaled. */
  scale: number;
  /** The input's score at the output scale (the plain upscaled copy when upscaled; a photo over JUDGE_MAX_PIXELS: its judged copy). */
  before: PhotoQuality;
  after: PhotoQuality;
  /** What was done, in order, e.g. ['upscale-3x', 'white-balance', 'contrast', 'exposure', 'face-sharpen']. */
  applied: string[];
  /** 'original' when no candidate beat the input: the (possibly upscaled) input comes back unchanged. */
  chosen: 'enhanced' | 'original';
}

export interface RgbPhoto {
  rgb: Buffer;
  width: number;
  height: number;
}

/**
 * Candidate settings, scored and the best kept. `tone` scales every tonal correction
 * (0 = none); `sharpen` scales the unsharp mask. Four cover "light work", "full work",
 * "tone only" and "sharpen only"; a whole run on 1000×1200 measured 0.3–0.9 s on two
 * cores, inside the 1.5 s budget.
 */
const CANDIDATES = [
  { tone: 0.5, sharpen: 0.6 },
  { tone: 1, sharpen: 1 },
  { tone: 1, sharpen: 0 },
  { tone: 0, sharpen: 1 },
] as const;

/**
 * The second try's candidates: more tone and sharpening, and grain removed from a lower
 * level. Still judged by the same scorer, against the input, so the result is never worse
 * than the input, and not by trading sharpness for halos or grain.
 */
const STRONG_CANDIDATES = [
  { tone: 1.25, sharpen: 1.2 },
  { tone: 1, sharpen: 1.6 },
  { tone: 1.25, sharpen: 0 },
  { tone: 0, sharpen: 1.8 },
] as const;
const STRONG_DENOISE_SIGMA = 1.4;
/** The strong try sharpens even a face the scorer calls fairly crisp. */
const STRONG_MIN_SHARPEN_NEED = 0.4;

/** The scorer's noise sigma above which we denoise: clean fixtures measure ≤ 1.2, visible grain about 3. */
const DENOISE_SIGMA = 2;
/** Median 3×3 mixed 60/40 with the input keeps skin pores and hair that a full median erases. */
const DENOISE_MIX = 0.6;

/**
 * Unsharp mask (sharp works on L* only, so no colour fringes). m1 stays low so flat skin
 * and noise are barely touched while edges (eyes, lips, hair) get m2. Outside the face the
 * mask is applied at 40 %: backgrounds should not compete with the face. The amount
 * follows how soft the subject is (1 − sharpness sub-score / 10, doubled, at most 1): an
 * already crisp face (the studio fixtures) gets little or none: there is nothing to gain,
 * and the halos and grain a sharpen adds there now cost the candidate its place.
 */
const SHARPEN = { m1: 0.5, m2: 2, x1: 2, y2: 10, y3: 20 } as const;
const BACKGROUND_SHARPEN = 0.4;
/** Below this share of the full mask the change is about a grey level at most: skip it. */
const MIN_SHARPEN = 0.05;
/**
 * A candidate must be able to beat the best judged one by this much to be judged too:
 * candidates that close differ by a grey level here and there, not by anything a viewer
 * sees, and each judgement costs a fifth of a second on a 2 MP photo.
 */
const JUDGE_MARGIN = 0.05;
/** The face box grows by this share on each side (hair, ears, jaw); the mask then feathers out to 1.5× that ellipse. */
const FACE_MARGIN = 0.25;

/**
 * Local, offline enhancement (SPEC §1 step 3): upscale if small, denoise if grainy, then
 * the candidates above, each scored by scorePhoto at the output size against the
 * unedited (upscaled) input, so damage costs points (judgeEdit). The best wins only if it
 * scores strictly higher than that input; otherwise the input comes back as 'original'.
 * A photo over JUDGE_MAX_PIXELS is judged on a copy that size (its scores are the copy's)
 * and comes back at its own size, the winning edit made on it once.
 */
export async function enhancePhoto(photo: RgbPhoto, options: EnhanceOptions = {}): Promise<EnhanceResult> {
  if (photo.rgb.length !== photo.width * photo.height * 3) {
    throw new Error(`enhancePhoto: ${photo.rgb.length} bytes is not ${photo.width}×${photo.height} RGB`);
  }
  const shrink = judgingScale(photo.width, photo.height);
  if (shrink === 1) return (await enhanceAtSize(photo, options)).result;
  // A large photo is judged on a copy at JUDGE_MAX_PIXELS and the chosen edit made once at full size.
  const working = await resized(photo, Math.round(photo.width * shrink), Math.round(photo.height * shrink));
  const { result, recipe } = await enhanceAtSize(working, { ...options, faceBox: options.faceBox && scaleBox(options.faceBox, working.width / photo.width) });
  if (!recipe) return { ...result, rgb: photo.rgb, width: photo.width, height: photo.height };
  return { ...result, rgb: await applyRecipe(photo, recipe, options.faceBox, photo.width / working.width), width: photo.width, height: photo.height };
}

/**
 * Judging costs grow with the pixels (each candidate is toned, sharpened and scored at full
 * size, and judged against the input at ten plain scores' cost): a 3278×4096 phone photo
 * took 7 s and 600 MB in the enhancer's thread. Above this many pixels the candidates are
 * made and judged on a copy this size, the photo as a screen shows it; every fixture and
 * the bundled sample are under it and are judged at their own size, as before.
 */
const JUDGE_MAX_PIXELS = 2.5e6;

/** The copy's scale for judging (1: the photo itself), never so small that the enhancer would upscale it. */
function judgingScale(width: number, height: number): number {
  if (width * height <= JUDGE_MAX_PIXELS) return 1;
  const scale = Math.max(Math.sqrt(JUDGE_MAX_PIXELS / (width * height)), UPSCALE_BELOW_SHORT_SIDE / Math.min(width, height));
  return Math.min(1, scale);
}

/** What the chosen candidate did, to do it again on the full-size photo. */
interface EditRecipe {
  denoise: boolean;
  /** The working copy's tone statistics: the same tables at full size. */
  stats: ReturnType<typeof lumaStats>;
  tone: number;
  /** Unsharp mask share (0: none) and its sigma, in the working copy's pixels. */
  sharpen: number;
  sigma: number;
}

/** The chosen edit made on the full-size photo: the same denoise and tone tables, the unsharp mask's sigma scaled to its pixels. */
async function applyRecipe(photo: RgbPhoto, recipe: EditRecipe, faceBox: PhotoRegion | undefined, upscale: number): Promise<Buffer> {
  const source = recipe.denoise ? await medianMix(photo) : photo.rgb;
  const tone = applyTone(source, recipe.stats, recipe.tone);
  if (recipe.sharpen === 0) return tone.rgb;
  const face = faceBox && clipRegion(faceBox, photo.width, photo.height);
  const range = neighbourhoodRange(source, photo.width, photo.height);
  return sharpenBlend(tone.rgb, photo.width, photo.height, recipe.sigma * upscale, recipe.sharpen, sharpenWeights(photo.width, photo.height, face), { range, luts: tone.luts });
}

/** `photo` resampled to width × height (Lanczos 3). */
async function resized(photo: RgbPhoto, width: number, height: number): Promise<RgbPhoto> {
  const rgb = await sharp(photo.rgb, { raw: { width: photo.width, height: photo.height, channels: 3 } })
    .resize(width, height, { kernel: 'lanczos3', fit: 'fill' })
    .raw()
    .toBuffer();
  return { rgb, width, height };
}

/** enhancePhoto at the photo's own size, and the chosen candidate's recipe (none when the input is kept). */
async function enhanceAtSize(photo: RgbPhoto, options: EnhanceOptions): Promise<{ result: EnhanceResult; recipe?: EditRecipe }> {
  const base = await upscaleIfSmall(photo);
  const scale = base.width / photo.width;
  const face = options.faceBox && clipRegion(scaleBox(options.faceBox, scale), base.width, base.height);
  const before = scorePhoto(base.rgb, base.width, base.height, face);
  const prefix = base.applied;

  const strong = options.strength === 'strong';
  const candidates = strong ? STRONG_CANDIDATES : CANDIDATES;
  const denoise = before.metrics.noiseSigma > (strong ? STRONG_DENOISE_SIGMA : DENOISE_SIGMA);
  const source = denoise ? await medianMix(base) : base.rgb;
  const stats = lumaStats(source, base.width, base.height, face);
  const sigma = scale > 1 ? 1.4 : 1; // upscaled detail is spread over more pixels
  const weights = sharpenWeights(base.width, base.height, face);
  // before.sharpness already leans on the face when there is one.
  const need = clamp(2 * (1 - before.sharpness / 10), 0, 1);
  const sharpenNeed = strong ? Math.max(need, STRONG_MIN_SHARPEN_NEED) : need;

  const toned = new Map<number, { rgb: Buffer; applied: string[]; luts?: ToneLuts }>();
  for (const { tone } of candidates) if (!toned.has(tone)) toned.set(tone, applyTone(source, stats, tone));
  // Every candidate's hold is the untoned photo's 3×3 range through its tone tables: one
  // pass over the photo instead of one per tone (a tenth of the enhancer's time).
  let sourceRange: NeighbourhoodRange | undefined;
  // The unsharp masks run on sharp's thread pool side by side; blending and scoring
  // happen here as each arrives.
  const results = await Promise.all(
    candidates.map(async (candidate) => {
      const tone = toned.get(candidate.tone)!;
      const applied = [...prefix, ...(denoise ? ['denoise'] : []), ...tone.applied];
      const amount = candidate.sharpen * sharpenNeed;
      let rgb = tone.rgb;
      if (amount > MIN_SHARPEN) {
        sourceRange ??= neighbourhoodRange(source, base.width, base.height);
        rgb = await sharpenBlend(rgb, base.width, base.height, sigma, amount, weights, { range: sourceRange, luts: tone.luts });
        applied.push(face ? 'face-sharpen' : 'sharpen');
      }
      if (rgb === base.rgb) return undefined; // nothing changed: that is the original
      const recipe: EditRecipe = { denoise, stats, tone: candidate.tone, sharpen: amount > MIN_SHARPEN ? amount : 0, sigma };
      return { rgb, applied, alone: scorePhoto(rgb, base.width, base.height, face), recipe };
    }),
  );
  const best = bestEdit(
    before,
    judgeInTurn(
      base,
      results.filter((r) => r !== undefined),
      before,
      face,
      // The sharpening's range is the input's own unless it was denoised first.
      source === base.rgb ? sourceRange : undefined,
    ),
  );
  if (!best) {
    return { result: { rgb: base.rgb, width: base.width, height: base.height, scale, before, after: before, applied: prefix, chosen: 'original' } };
  }
  return {
    result: {
      rgb: best.rgb,
      width: base.width,
      height: base.height,
      scale,
      before,
      after: best.quality,
      applied: best.applied,
      chosen: 'enhanced',
    },
    ...(best.recipe ? { recipe: best.recipe } : {}),
  };
}

export interface JudgedEdit {
  rgb: Buffer;
  applied: string[];
  quality: PhotoQuality;
  /** How the candidate was made (enhanceAtSize's own candidates), to make it again at full size. */
  recipe?: EditRecipe;
}

/**
 * An edit's score, judged against the photo it was made from: damage the edit did
 * (speckles, halos, added grain, lost tonal levels) costs points and earns no sharpness,
 * so a candidate cannot win by the very flaws the plain score would read as detail.
 */
export function judgeEdit(
  base: RgbPhoto,
  edit: { rgb: Buffer; applied: string[]; recipe?: EditRecipe },
  face?: PhotoRegion,
  known: { alone?: PhotoQuality; baseRange?: NeighbourhoodRange } = {},
): JudgedEdit {
  return {
    rgb: edit.rgb,
    applied: edit.applied,
    quality: scorePhoto(edit.rgb, base.width, base.height, face, base.rgb, { alone: known.alone, madeFromRange: known.baseRange }),
    ...(edit.recipe ? { recipe: edit.recipe } : {}),
  };
}

/**
 * Judging against the input costs about ten plain scores (it works at full resolution:
 * 0.13 s of CPU for 1 MP, 0.22 s for 2 MP, measured on the shared two cores), so the
 * candidates are judged best-first by their plain score, and judging stops once the next
 * one's plain score cannot beat the best judged so far (or the input) by JUDGE_MARGIN: a
 * judged score sits at or under the plain one (penalties only subtract, and the credited
 * copy has no more detail than the pixels). On the fixtures one is judged instead of four.
 */
function judgeInTurn(
  base: RgbPhoto,
  edits: Array<{ rgb: Buffer; applied: string[]; alone: PhotoQuality; recipe?: EditRecipe }>,
  before: PhotoQuality,
  face: PhotoRegion | undefined,
  baseRange: NeighbourhoodRange | undefined,
): JudgedEdit[] {
  const judged: JudgedEdit[] = [];
  let bar = before.score;
  for (const edit of [...edits].sort((a, b) => b.alone.score - a.alone.score)) {
    if (edit.alone.score <= bar + (judged.length > 0 ? JUDGE_MARGIN : 0)) break;
    const result = judgeEdit(base, edit, face, { alone: edit.alone, baseRange });
    judged.push(result);
    bar = Math.max(bar, result.quality.score);
  }
  return judged;
}

/** The best-scoring edit, only if it beats the photo itself: never worse, and an equal score is no reason to alter it. */
export function bestEdit(before: PhotoQuality, edits: readonly JudgedEdit[]): JudgedEdit | undefined {
  let best: JudgedEdit | undefined;
  for (const edit of edits) if (!best || edit.quality.score > best.quality.score) best = edit;
  return best && best.quality.score > before.score ? best : undefined;
}

/**
 * Photos under UPSCALE_BELOW_SHORT_SIDE on the short side are enlarged (Lanczos 3) just
 * enough to reach it, never past MAX_PHOTO_SIDE on the long side. Resampling invents no
 * detail, so going further would only cost time in every later stage.
 */
async function upscaleIfSmall(photo: RgbPhoto): Promise<RgbPhoto & { applied: string[] }> {
  const short = Math.min(photo.width, photo.height);
  const long = Math.max(photo.width, photo.height);
  if (short >= UPSCALE_BELOW_SHORT_SIDE) return { ...photo, applied: [] };
  const factor = Math.min(UPSCALE_BELOW_SHORT_SIDE / short, MAX_PHOTO_SIDE / long);
  if (factor <= 1) return { ...photo, applied: [] };
  const upscaled = await resized(photo, Math.round(photo.width * factor), Math.round(photo.height * factor));
  return { ...upscaled, applied: [`upscale-${Number(factor.toFixed(2))}x`] };
}

async function medianMix(photo: RgbPhoto): Promise<Buffer> {
  const median = await sharp(photo.rgb, { raw: { width: photo.width, height: photo.height, channels: 3 } })
    .median(3)
    .raw()
    .toBuffer();
  const out = Buffer.allocUnsafe(median.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.round(DENOISE_MIX * median[i]! + (1 - DENOISE_MIX) * photo.rgb[i]!);
  }
  return out;
}

/**
 * Per-pixel share of the full unsharp mask: 1 inside the face ellipse, easing down to
 * BACKGROUND_SHARPEN beyond its feather; BACKGROUND_SHARPEN's middle ground without a face.
 */
function sharpenWeights(width: number, height: number, face: PhotoRegion | undefined): Float32Array | number {
  if (!face) return (1 + BACKGROUND_SHARPEN) / 2;
  const weights = new Float32Array(width * height).fill(BACKGROUND_SHARPEN);
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  const rx = (face.width / 2) * (1 + 2 * FACE_MARGIN);
  const ry = (face.height / 2) * (1 + 2 * FACE_MARGIN);
  // Feather from the grown ellipse (r = 1) out to r = 1.5.
  const x0 = Math.max(0, Math.floor(cx - 1.5 * rx));
  const x1 = Math.min(width, Math.ceil(cx + 1.5 * rx));
  const y0 = Math.max(0, Math.floor(cy - 1.5 * ry));
  const y1 = Math.min(height, Math.ceil(cy + 1.5 * ry));
  for (let y = y0; y < y1; y++) {
    const dy = (y + 0.5 - cy) / ry;
    for (let x = x0; x < x1; x++) {
      const dx = (x + 0.5 - cx) / rx;
      const r = Math.sqrt(dx * dx + dy * dy);
      const t = clamp((1.5 - r) / 0.5, 0, 1);
      const ease = t * t * (3 - 2 * t);
      weights[y * width + x] = BACKGROUND_SHARPEN + (1 - BACKGROUND_SHARPEN) * ease;
    }
  }
  return weights;
}

/**
 * The full-strength unsharp mask, blended back with the per-pixel weight × amount, and
 * held inside the range of each pixel's own 3×3 neighbourhood in the input:
 * an edge gets steeper, but no line gets darker (or lighter) than the photo has it nearby.
 * Unheld, the mask's undershoot drew every soft crease as a hard dark line: on the 240p
 * fixture (upscaled 3×) the smile folds from the nose to the mouth corners came out 20 %
 * deeper than in the photo (the depth below their rows' median, 83 → 100 grey levels),
 * in every frame, since every frame starts from this still.
 */
export async function sharpenBlend(
  rgb: Buffer,
  width: number,
  height: number,
  sigma: number,
  amount: number,
  weights: Float32Array | number,
  hold?: { range: NeighbourhoodRange; luts?: ToneLuts | undefined },
): Promise<Buffer> {
  const sharpened = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .sharpen({ sigma, ...SHARPEN })
    .raw()
    .toBuffer();
  // `hold`: the range of the photo `rgb` was toned from, and the tone's tables (absent: untoned).
  const { low, high } = hold?.range ?? neighbourhoodRange(rgb, width, height);
  const [lr, lg, lb] = hold?.luts ?? [IDENTITY, IDENTITY, IDENTITY];
  const out = Buffer.allocUnsafe(rgb.length);
  const uniform = typeof weights === 'number' ? amount * weights : 0;
  const perPixel = typeof weights === 'number' ? undefined : weights;
  for (let i = 0, p = 0; p < rgb.length; i++, p += 3) {
    const w = perPixel ? amount * perPixel[i]! : uniform;
    // The strong tries push w past 1, which extrapolates beyond both inputs: unclamped, a
    // Buffer keeps only the low 8 bits, so 262 became 6 and −3 became 253 in one channel,
    // the green and purple speckles at every crisp edge. The neighbourhood's range is inside 0–255.
    out[p] = held(rgb[p]! + w * (sharpened[p]! - rgb[p]!), lr[low[p]!]!, lr[high[p]!]!);
    out[p + 1] = held(rgb[p + 1]! + w * (sharpened[p + 1]! - rgb[p + 1]!), lg[low[p + 1]!]!, lg[high[p + 1]!]!);
    out[p + 2] = held(rgb[p + 2]! + w * (sharpened[p + 2]! - rgb[p + 2]!), lb[low[p + 2]!]!, lb[high[p + 2]!]!);
  }
  return out;
}

const held = (v: number, low: number, high: number): number => (v <= low ? low : v >= high ? high : Math.round(v));

const IDENTITY = Uint8Array.from({ length: 256 }, (_, v) => v);

function scaleBox(box: PhotoRegion, scale: number): PhotoRegion {
  return { x: box.x * scale, y: box.y * scale, width: box.width * scale, height: box.height * scale };
}

/** The box in whole pixels inside the image; undefined when nothing of it is left. */
function clipRegion(box: PhotoRegion, width: number, height: number): PhotoRegion | undefined {
  const x0 = clamp(Math.floor(box.x), 0, width);
  const y0 = clamp(Math.floor(box.y), 0, height);
  const x1 = clamp(Math.ceil(box.x + box.width), 0, width);
  const y1 = clamp(Math.ceil(box.y + box.height), 0, height);
  if (x1 - x0 < 2 || y1 - y0 < 2) return undefined;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
