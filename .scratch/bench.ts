import sharp from 'sharp';
import { scorePhoto } from '../src-main/enhance/photo-quality.js';
import { fixture } from '../tests/support/fixtures.js';
const { data, info } = await sharp(fixture('portrait-obama.jpg')).resize(1000, 1200, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
for (let i = 0; i < 8; i++) { const t = performance.now(); scorePhoto(data, info.width, info.height, { x: 300, y: 100, width: 300, height: 400 }); console.log((performance.now() - t).toFixed(1)); }
