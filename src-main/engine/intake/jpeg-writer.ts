import sharp from '../media/sharp.js';
import { TalkingPhotoError } from '../../../src-shared/errors.js';

/**
 * Writes raw 8-bit RGB as a baseline sRGB JPEG with no metadata at all: sharp strips EXIF
 * (GPS included), XMP and ICC unless asked to keep them, which SPEC §1 requires of every
 * file we write.
 */
export async function writeJpeg(rgb: Buffer, width: number, height: number, file: string, quality = 92): Promise<void> {
  if (rgb.length !== width * height * 3) {
    throw new Error(`writeJpeg: ${rgb.length} bytes is not ${width}×${height} RGB`);
  }
  try {
    await sharp(rgb, { raw: { width, height, channels: 3 } })
      // 4:4:4 keeps lips and eyes free of chroma smear; the later stages re-read this file.
      .jpeg({ quality, chromaSubsampling: '4:4:4' })
      .toFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const message = error instanceof Error ? error.message : String(error);
    throw new TalkingPhotoError('OUTPUT_NOT_WRITABLE', 'The enhanced photo could not be saved: check that the output folder exists, is writable and has free space.', {
      detail: `${file}: ${code ?? message}`,
      cause: error,
    });
  }
}
