/**
 * Issue 16's last target: the mouth measures of issue 14 hold for an own recording, with
 * its words (aligned) and without (phones guessed from the sound). eSpeak speaks the
 * p/b/m-rich passage into a WAV, so the true phone times are known exactly; the app gets
 * only the WAV (and, with words, the transcript), renders, and the face mesh tracks the
 * rendered frames against those true times.
 *
 *   npx tsx tests/measure/recording-visemes.ts [photo…] [--json]
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeFaces } from '../../src-main/engine/face/face-analysis.js';
import { mouthOpening } from '../../src-main/engine/face/landmarks.js';
import { intakePhoto } from '../../src-main/engine/intake/photo-intake.js';
import { renderProject } from '../../src-main/engine/pipeline/render-project.js';
import { trackMouth } from '../../src-main/engine/verify/mouth-track.js';
import { framesToMesh, measureVisemes } from '../../src-main/engine/verify/viseme-measures.js';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';
import { MOUTH_PASSAGE } from '../support/mouth-measure.js';
import { fixture, REPO_ROOT } from '../support/fixtures.js';

type VisemesReport = ReturnType<typeof measureVisemes>;

export interface RecordingVisemesRun {
  photo: string;
  words: boolean;
  visemes: VisemesReport;
  mouthSource: string | undefined;
}

export async function measureRecordingVisemes(photoPath: string, words: boolean, workDir: string): Promise<RecordingVisemesRun> {
  const voice = await synthesizeSpeech({ text: MOUTH_PASSAGE, language: 'en', workDir: path.join(workDir, 'voice') });
  const timeline = voice.phones!;
  const recording = path.join(workDir, 'take.wav');
  copyFileSync(voice.audioPath, recording);
  const outDir = path.join(workDir, 'out');
  const report = await renderProject({ photoPath, audioPath: recording, ...(words ? { transcript: MOUTH_PASSAGE } : {}), outDir, width: 360, height: 640, verify: false });
  const photoGap = mouthOpening((await analyzeFaces(await intakePhoto(photoPath))).chosen.mesh);
  const { fps, frames } = report.output;
  const region = report.animation.region;
  const track = await trackMouth({ videoPath: path.join(outDir, report.files.video), fps, frameCount: frames, region, frames: framesToMesh(timeline, fps, frames) });
  return { photo: path.basename(photoPath), words, visemes: measureVisemes(track, timeline, photoGap), mouthSource: (report as { animation: { mouthSource?: string } }).animation.mouthSource };
}

export function describeRecordingRun(run: RecordingVisemesRun): string {
  const m = run.visemes;
  const f = (n: number | null | undefined) => (n === null || n === undefined ? 'n/a' : n.toFixed(2));
  return `${run.photo} ${run.words ? 'with words   ' : 'without words'}: closure ${m.closure.closed}/${m.closure.phones} = ${f(m.closure.share)}; open/closed ${f(m.openVsClosed.ratio)}; rounded/spread ${f(m.rounding.ratio)}; lead ${m.lead.frames} frames`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const photos = args.filter((a) => !a.startsWith('--'));
  const list = photos.length ? photos : [path.join(REPO_ROOT, 'resources/samples/portrait.jpg'), fixture('portrait-biden-tall.jpg')];
  const runs: RecordingVisemesRun[] = [];
  for (const photo of list) {
    for (const words of [true, false]) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-rec-visemes-'));
      try {
        const run = await measureRecordingVisemes(photo, words, dir);
        runs.push(run);
        console.log(describeRecordingRun(run));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  if (args.includes('--json'))
    console.log(
      JSON.stringify(runs.map((r) => ({ photo: r.photo, words: r.words, closure: r.visemes.closure.share, openVsClosed: r.visemes.openVsClosed.ratio, rounding: r.visemes.rounding.ratio }))),
    );
}
