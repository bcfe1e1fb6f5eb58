/**
 * The files a render writes into its output folder. No imports: the library reads a
 * finished render by these names without loading the pipeline (~100 MB, ~0.3 s).
 */
export const OUTPUT_FILES = { video: 'video.mp4', enhancedPhoto: 'enhanced.jpg', report: 'report.json' } as const;
/** With platforms chosen: the kit folder (manifest.json and its files) and, on request, its zip. */
export const KIT_FOLDER = 'kit';
export const KIT_ZIP = 'kit.zip';

/**
 * Where an attempt writes in the staging folder: the first under the output's own names,
 * the quality gate's second beside them, renamed over the first only if it is kept.
 */
export function attemptFiles(n: 1 | 2): { video: string; kit: string; zip: string } {
  return n === 1 ? { video: OUTPUT_FILES.video, kit: KIT_FOLDER, zip: KIT_ZIP } : { video: 'video-retry.mp4', kit: `${KIT_FOLDER}-retry`, zip: `retry-${KIT_ZIP}` };
}
