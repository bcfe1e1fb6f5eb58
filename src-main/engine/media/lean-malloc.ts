/**
 * glibc allocator settings for the processes a render keeps busy for its whole length:
 * the render process itself (renderProcessEnv) and its x264 encoder (video-encoder.ts),
 * whose two footprints side by side are the render's peak (issue 15: ≤ 500 MB for the
 * whole process tree of a 60 s 1080×1920 render).
 *
 * - MALLOC_ARENA_MAX=2: every thread that allocates gets its own arena otherwise (up to 8
 *   per core), each keeping freed pages.
 * - MALLOC_MMAP_THRESHOLD_ fixed at glibc's own starting value (128 KiB): left dynamic,
 *   glibc raises it to the largest block freed so far (up to 32 MiB), so after the first
 *   freed frame every frame-sized buffer (3–6 MB at 1080×1920, in Node and in x264) comes
 *   from the heap, and its pages stay resident once freed. Fixed, such blocks are mapped
 *   and unmapped, and the trim threshold stays where it is too.
 *
 * Measured at 1080×1920, 10 s, mid-drawing (/proc smaps): x264 284 → 192 MB, the render
 * process 230 → 174 MB (arenas capped in both). Other C libraries ignore these variables;
 * a value the user set wins.
 */
export const LEAN_MALLOC: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
  MALLOC_TRIM_THRESHOLD_: '131072',
};

/**
 * V8's settings for the same processes: the young generation (where short-lived objects
 * are born) capped at 2 MB a semi-space instead of growing to 16. The frames themselves are
 * buffers outside V8's heap, so a smaller nursery costs a few more quick scavenges and no
 * measurable CPU (10 s 720×1280, four interleaved pairs: 11.84 s against 11.97 s), while
 * the render process held 7–27 MB less at the tree's peak (measured with the check meshing
 * beside the drawing, a variant not kept: 60 s 1080×1920 219 MB against 226; 10 s 209
 * against 236, its face thread capped too: workers/worker-client.ts).
 * Given to `tp`'s render process and to a render process forked by plain Node; the desktop
 * app's utility processes take V8's flags from the app as a whole (utility-launcher.ts).
 */
export const LEAN_V8_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

/** `base` with the lean allocator settings added where it does not set them itself. */
export function leanMallocEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [name, value] of Object.entries(LEAN_MALLOC)) env[name] ??= value;
  return env;
}
