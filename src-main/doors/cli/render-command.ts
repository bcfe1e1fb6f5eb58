/** The commands that render (a video comes out): they run in the lean process (tp.ts) and boot the face model first (face-warm-start.ts). */
const RENDERING_COMMANDS = new Set(['render', 'demo']);

/** Whether this command line (process.argv) asks `tp` for a render. */
export function asksForRender(argv: readonly string[]): boolean {
  const command = argv.slice(2).find((arg) => !arg.startsWith('-'));
  return command !== undefined && RENDERING_COMMANDS.has(command);
}
