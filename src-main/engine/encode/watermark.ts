import { createRequire } from 'node:module';

/**
 * The free plan's small watermark (SPEC §5): "TalkingPhoto" in the top-left corner, white
 * at half opacity with a soft shadow, a fortieth of the frame's height. Drawn by ffmpeg's
 * drawtext while the master is encoded, so every rendition cut from it carries it too.
 */

const require = createRequire(import.meta.url);

/** ffmpeg filter arguments quote `:` `\` and `'`; a Windows path has all three. */
function filterPath(file: string): string {
  return file.replace(/\\/g, '/').replace(/:/g, '\\:').replace(/'/g, "\\'");
}

export function watermarkFilter(): string {
  const font = filterPath(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'));
  return [
    `drawtext=fontfile='${font}'`,
    "text='TalkingPhoto'",
    'fontsize=h/40',
    'fontcolor=white@0.55',
    'shadowcolor=black@0.35',
    'shadowx=1',
    'shadowy=1',
    // Clear of the platforms' own overlays, which sit along the right edge and the bottom.
    'x=w*0.04',
    'y=h*0.035',
  ].join(':');
}
