/**
 * Test helper: a stand-in app process that starts one render in a child process, prints
 * the child's pid and each stage on stdout, and waits. Tests kill it to simulate the app
 * dying mid-render.
 */
import { renderInChildProcess } from '../../src-main/app/queue/render-process.js';

const [photoPath, outDir] = process.argv.slice(2);
await renderInChildProcess(
  { photoPath: photoPath!, script: 'A long sentence so the render is still busy when the app dies. '.repeat(6), outDir: outDir!, verify: false },
  {
    onStart: (pid) => console.log(`child ${pid}`),
    onProgress: (p) => console.log(`stage ${p.stage}`),
  },
);
console.log('finished');
