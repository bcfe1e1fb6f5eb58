import sharp from 'sharp';
import { fixture } from '../tests/support/fixtures.js';
const { data: rgb, info } = await sharp(fixture('portrait-obama.jpg')).resize(1000, 1200, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
const width = info.width, height = info.height;
for (let r = 0; r < 6; r++) {
  let t = performance.now();
  const full = new Float32Array(width * height);
  for (let i = 0, p = 0; i < full.length; i++, p += 3) full[i] = 0.299 * rgb[p]! + 0.587 * rgb[p + 1]! + 0.114 * rgb[p + 2]!;
  const t1 = performance.now() - t;
  t = performance.now();
  const u8 = new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.length);
  const full2 = new Float32Array(width * height);
  for (let i = 0, p = 0; i < full2.length; i++, p += 3) full2[i] = 0.299 * u8[p]! + 0.587 * u8[p + 1]! + 0.114 * u8[p + 2]!;
  const t2 = performance.now() - t;
  console.log(t1.toFixed(1), t2.toFixed(1));
}
