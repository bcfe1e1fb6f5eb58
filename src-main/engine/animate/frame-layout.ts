import sharp from '../media/sharp.js';
import type { Box, Point } from '../face/landmarks.js';

/**
 * Where the photo sits in the video frame. The frame is always covered (no bars); the
 * crop follows the face, and a face that is small in a full-length portrait is zoomed
 * towards a head-and-shoulders shot without enlarging the photo past 1.25×.
 */
export interface FrameLayout {
  scale: number;
  cropX: number;
  cropY: number;
  width: number;
  height: number;
}

/** A talking head reads best when the face spans about 42% of the frame width. */
const FACE_SHARE_OF_WIDTH = 0.42;
const MAX_EXTRA_ZOOM = 1.25;
/** Eyes a third from the top: the face centre sits a little above the middle. */
const FACE_CENTER_HEIGHT = 0.4;

export function layoutFrame(photoWidth: number, photoHeight: number, face: Box, width: number, height: number): FrameLayout {
  const cover = Math.max(width / photoWidth, height / photoHeight);
  const wanted = (FACE_SHARE_OF_WIDTH * width) / Math.max(1, face.width);
  const scale = Math.max(cover, Math.min(wanted, Math.max(cover, MAX_EXTRA_ZOOM)));
  const cx = (face.x + face.width / 2) * scale;
  const cy = (face.y + face.height / 2) * scale;
  const cropX = Math.round(Math.min(Math.max(0, cx - width / 2), photoWidth * scale - width));
  const cropY = Math.round(Math.min(Math.max(0, cy - FACE_CENTER_HEIGHT * height), photoHeight * scale - height));
  return { scale, cropX: Math.max(0, cropX), cropY: Math.max(0, cropY), width, height };
}

export function toFrame(layout: FrameLayout, mesh: readonly Point[]): Point[] {
  return mesh.map((p) => [p[0] * layout.scale - layout.cropX, p[1] * layout.scale - layout.cropY] as const);
}

/** Renders the still frame (RGB) the animation starts from. */
export async function renderStillFrame(photo: { rgb: Buffer; width: number; height: number }, layout: FrameLayout): Promise<Buffer> {
  const scaledWidth = Math.max(layout.width, Math.round(photo.width * layout.scale));
  const scaledHeight = Math.max(layout.height, Math.round(photo.height * layout.scale));
  return sharp(photo.rgb, { raw: { width: photo.width, height: photo.height, channels: 3 } })
    .resize(scaledWidth, scaledHeight, { kernel: 'lanczos3', fit: 'fill' })
    .extract({
      left: Math.min(layout.cropX, scaledWidth - layout.width),
      top: Math.min(layout.cropY, scaledHeight - layout.height),
      width: layout.width,
      height: layout.height,
    })
    .raw()
    .toBuffer();
}
