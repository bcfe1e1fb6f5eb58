import sharp from 'sharp';
import { intakePhoto } from '../src-main/intake/photo-intake.js';
import { scorePhoto } from '../src-main/enhance/photo-quality.js';
import { FIXTURE_NAMES, fixture } from '../tests/support/fixtures.js';
for (const name of FIXTURE_NAMES) {
  let t = performance.now();
  const p = await intakePhoto(fixture(name));
  const ti = performance.now() - t;
  t = performance.now();
  const q = scorePhoto(p.rgb, p.width, p.height);
  const ts = performance.now() - t;
  const fmt = (q: any) => `${q.score} s${q.sharpness} e${q.exposure} c${q.contrast} n${q.noise} | lv${q.metrics.laplacianVariance.toFixed(0)} m${q.metrics.meanLuma.toFixed(0)} cl${q.metrics.clippedFraction.toFixed(3)} rc${q.metrics.rmsContrast.toFixed(3)} ns${q.metrics.noiseSigma.toFixed(2)}`;
  console.log(name, p.width, p.height, `intake ${ti.toFixed(0)}ms score ${ts.toFixed(1)}ms`, fmt(q));
  const raw = { raw: { width: p.width, height: p.height, channels: 3 as const } };
  const blur = await sharp(p.rgb, raw).blur(2).raw().toBuffer();
  const dark = await sharp(p.rgb, raw).linear(0.4, 0).raw().toBuffer();
  const noisy = Buffer.from(p.rgb); for (let i = 0; i < noisy.length; i++) noisy[i] = Math.max(0, Math.min(255, noisy[i]! + (Math.random() + Math.random() + Math.random() - 1.5) * 20));
  console.log('   blur', fmt(scorePhoto(blur, p.width, p.height)));
  console.log('   dark', fmt(scorePhoto(dark, p.width, p.height)));
  console.log('   noisy', fmt(scorePhoto(noisy, p.width, p.height)));
}
