// .scratch/bench3.ts
import sharp from "sharp";

// src-main/enhance/photo-quality.ts
var WORK_LONG_SIDE = 1024;
var WEIGHTS = { sharpness: 0.35, exposure: 0.25, noise: 0.25, contrast: 0.15 };
var FACE_WEIGHT = 0.7;
var CLIP_LOW = 3;
var CLIP_HIGH = 252;
function scorePhoto(rgb, width, height, region) {
  if (rgb.length < width * height * 3 || width < 3 || height < 3) {
    throw new Error(`scorePhoto: ${rgb.length} bytes is not a ${width}\xD7${height} RGB image of at least 3\xD73`);
  }
  const work = workingLuma(rgb, width, height);
  const whole = { x: 0, y: 0, width: work.width, height: work.height };
  const tones = toneStats(work, whole);
  const stencil = stencilMeasures(work);
  const metrics = {
    laplacianVariance: stencil.laplacianVariance,
    meanLuma: tones.meanUnclipped,
    clippedFraction: tones.clipped,
    rmsContrast: tones.std / 255,
    noiseSigma: stencil.noiseSigma
  };
  let sharpness = sharpnessScore(metrics.laplacianVariance);
  let exposure = exposureScore(metrics.meanLuma, metrics.clippedFraction);
  const contrast = contrastScore(metrics.rmsContrast);
  const noise = noiseScore(metrics.noiseSigma);
  let face;
  const box = region && scaleRegion(region, work.scale, work.width, work.height);
  if (box) {
    const faceTones = toneStats(work, box);
    face = {
      laplacianVariance: laplacianVariance(work, box),
      meanLuma: faceTones.meanUnclipped,
      clippedFraction: faceTones.clipped
    };
    sharpness = FACE_WEIGHT * sharpnessScore(face.laplacianVariance) + (1 - FACE_WEIGHT) * sharpness;
    exposure = FACE_WEIGHT * exposureScore(face.meanLuma, face.clippedFraction) + (1 - FACE_WEIGHT) * exposure;
  }
  const score = WEIGHTS.sharpness * sharpness + WEIGHTS.exposure * exposure + WEIGHTS.noise * noise + WEIGHTS.contrast * contrast;
  return { score: round2(score), sharpness: round2(sharpness), exposure: round2(exposure), contrast: round2(contrast), noise: round2(noise), metrics, ...face ? { face } : {} };
}
var SHARP_SOFT = 15;
var SHARP_CRISP = 400;
function sharpnessScore(variance) {
  return 10 * clamp01(Math.log(Math.max(variance, 1e-6) / SHARP_SOFT) / Math.log(SHARP_CRISP / SHARP_SOFT));
}
var MID_GREY = 118;
var EXPOSURE_SLACK = 25;
var EXPOSURE_FAIL = 105;
function exposureScore(meanLuma, clipped) {
  const distance = Math.max(0, Math.abs(meanLuma - MID_GREY) - EXPOSURE_SLACK);
  const base = 10 * (1 - clamp01(distance / (EXPOSURE_FAIL - EXPOSURE_SLACK)));
  return Math.max(0, base - Math.min(3, 20 * clipped));
}
var CONTRAST_FLAT = 0.03;
var CONTRAST_LOW = 0.16;
var CONTRAST_HIGH = 0.32;
var CONTRAST_HARSH = 0.5;
function contrastScore(rms) {
  if (rms < CONTRAST_LOW) return 10 * clamp01((rms - CONTRAST_FLAT) / (CONTRAST_LOW - CONTRAST_FLAT));
  if (rms > CONTRAST_HIGH) return 10 - 5 * clamp01((rms - CONTRAST_HIGH) / (CONTRAST_HARSH - CONTRAST_HIGH));
  return 10;
}
var NOISE_CLEAN = 1.5;
var NOISE_AWFUL = 12;
function noiseScore(sigma) {
  return 10 * (1 - clamp01((sigma - NOISE_CLEAN) / (NOISE_AWFUL - NOISE_CLEAN)));
}
function workingLuma(rgb, width, height) {
  const long = Math.max(width, height);
  if (long <= WORK_LONG_SIDE) {
    const data3 = new Float32Array(width * height);
    for (let i = 0, p = 0; i < data3.length; i++, p += 3) {
      data3[i] = 0.299 * rgb[p] + 0.587 * rgb[p + 1] + 0.114 * rgb[p + 2];
    }
    return { data: data3, width, height, scale: 1 };
  }
  const scale = WORK_LONG_SIDE / long;
  const outW = Math.max(3, Math.round(width * scale));
  const outH = Math.max(3, Math.round(height * scale));
  const across = boundaries(width, outW);
  const down = boundaries(height, outH);
  const data2 = new Float32Array(outW * outH);
  const line = new Float64Array(width + 1);
  const row = new Float64Array(outW);
  const columnSums = new Float64Array(outW);
  const previous = new Float64Array(outW);
  let edge = 1;
  for (let y = 0; y < height; y++) {
    let sum = 0;
    for (let x = 0, p = y * width * 3; x < width; x++, p += 3) {
      line[x] = sum;
      sum += 0.299 * rgb[p] + 0.587 * rgb[p + 1] + 0.114 * rgb[p + 2];
    }
    line[width] = sum;
    let left = line[across.index[0]];
    for (let o = 0; o < outW; o++) {
      const b = o + 1;
      const at = across.index[b];
      const right = line[at] + across.frac[b] * ((line[at + 1] ?? sum) - line[at]);
      row[o] = (right - left) / across.step;
      left = right;
    }
    while (edge <= outH && down.index[edge] === y) {
      const frac = down.frac[edge];
      const out = (edge - 1) * outW;
      for (let x = 0; x < outW; x++) {
        const bottom = columnSums[x] + frac * row[x];
        data2[out + x] = (bottom - previous[x]) / down.step;
        previous[x] = bottom;
      }
      edge++;
    }
    for (let x = 0; x < outW; x++) columnSums[x] += row[x];
  }
  for (; edge <= outH; edge++) {
    const out = (edge - 1) * outW;
    for (let x = 0; x < outW; x++) {
      data2[out + x] = (columnSums[x] - previous[x]) / down.step;
      previous[x] = columnSums[x];
    }
  }
  return { data: data2, width: outW, height: outH, scale: outW / width };
}
function boundaries(inLen, outLen) {
  const step = inLen / outLen;
  const index = new Int32Array(outLen + 1);
  const frac = new Float64Array(outLen + 1);
  for (let b = 0; b <= outLen; b++) {
    const at = Math.min(inLen, b * step);
    index[b] = Math.min(inLen, Math.floor(at));
    frac[b] = at - index[b];
  }
  return { index, frac, step };
}
function toneStats(img, box) {
  let sum = 0;
  let sumSq = 0;
  let unclippedSum = 0;
  let unclipped = 0;
  const { data: data2, width } = img;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x, i = y * width + box.x; x < box.x + box.width; x++, i++) {
      const v = data2[i];
      sum += v;
      sumSq += v * v;
      if (v > CLIP_LOW && v < CLIP_HIGH) {
        unclippedSum += v;
        unclipped++;
      }
    }
  }
  const n = box.width * box.height;
  const mean = sum / n;
  return {
    // All clipped: report the mean of what is there, which is either black or white.
    meanUnclipped: unclipped > 0 ? unclippedSum / unclipped : mean,
    clipped: 1 - unclipped / n,
    std: Math.sqrt(Math.max(0, sumSq / n - mean * mean))
  };
}
function laplacianVariance(img, box) {
  const { data: data2, width, height } = img;
  const x0 = Math.max(1, box.x);
  const y0 = Math.max(1, box.y);
  const x1 = Math.min(width - 1, box.x + box.width);
  const y1 = Math.min(height - 1, box.y + box.height);
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0, i = y * width + x0; x < x1; x++, i++) {
      const lap = data2[i - 1] + data2[i + 1] + data2[i - width] + data2[i + width] - 4 * data2[i];
      sum += lap;
      sumSq += lap * lap;
      n++;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return Math.max(0, sumSq / n - mean * mean);
}
var EDGE_SHARE = 0.1;
function stencilMeasures(img) {
  const { data: data2, width, height } = img;
  const interior = (width - 2) * (height - 2);
  const gradient = new Uint16Array(interior);
  const response = new Float32Array(interior);
  const histogram = new Uint32Array(2048);
  let lapSum = 0;
  let lapSumSq = 0;
  for (let y = 1, k = 0; y < height - 1; y++) {
    for (let x = 1, i = y * width + 1; x < width - 1; x++, i++, k++) {
      const a = data2[i - width - 1], b = data2[i - width], c = data2[i - width + 1];
      const d = data2[i - 1], e = data2[i], f = data2[i + 1];
      const g = data2[i + width - 1], h = data2[i + width], j = data2[i + width + 1];
      const gx = c + 2 * f + j - a - 2 * d - g;
      const gy = g + 2 * h + j - a - 2 * b - c;
      const magnitude = Math.min(2047, Math.abs(gx) + Math.abs(gy)) | 0;
      gradient[k] = magnitude;
      histogram[magnitude]++;
      response[k] = Math.abs(a - 2 * b + c - 2 * d + 4 * e - 2 * f + g - 2 * h + j);
      const lap = b + d + f + h - 4 * e;
      lapSum += lap;
      lapSumSq += lap * lap;
    }
  }
  let threshold = 2047;
  for (let m = 0, seen = 0, keep = interior * (1 - EDGE_SHARE); m < 2048; m++) {
    seen += histogram[m];
    if (seen >= keep) {
      threshold = m;
      break;
    }
  }
  let total = 0;
  let n = 0;
  for (let k = 0; k < interior; k++) {
    if (gradient[k] <= threshold) {
      total += response[k];
      n++;
    }
  }
  const lapMean = lapSum / interior;
  return {
    noiseSigma: n === 0 ? 0 : Math.sqrt(Math.PI / 2) * total / (6 * n),
    laplacianVariance: Math.max(0, lapSumSq / interior - lapMean * lapMean)
  };
}
function scaleRegion(region, scale, width, height) {
  const x0 = Math.max(0, Math.floor(region.x * scale));
  const y0 = Math.max(0, Math.floor(region.y * scale));
  const x1 = Math.min(width, Math.ceil((region.x + region.width) * scale));
  const y1 = Math.min(height, Math.ceil((region.y + region.height) * scale));
  if (x1 - x0 < 8 || y1 - y0 < 8) return void 0;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
function clamp01(v) {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
function round2(v) {
  return Math.round(v * 100) / 100;
}

// tests/support/fixtures.ts
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
var REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
var FIXTURES_DIR = process.env.TALKINGPHOTO_FIXTURES ?? path.resolve(REPO_ROOT, "../shared/fixtures");
function fixture(name) {
  const file = path.join(FIXTURES_DIR, name);
  if (!existsSync(file)) throw new Error(`fixture ${file} is missing: the shared fixtures must sit beside the checkout`);
  return file;
}

// .scratch/bench3.ts
var { data, info } = await sharp(fixture("portrait-obama.jpg")).resize(1e3, 1200, { fit: "fill" }).raw().toBuffer({ resolveWithObject: true });
var times = [];
for (let i = 0; i < 20; i++) {
  const t = performance.now();
  scorePhoto(data, info.width, info.height, { x: 300, y: 100, width: 300, height: 400 });
  times.push(performance.now() - t);
}
console.log("first", times[0].toFixed(1), "median", times.sort((a, b) => a - b)[10].toFixed(1));
