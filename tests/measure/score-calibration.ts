/**
 * Does the video judge pass real people? Scores every real talking video in a folder with
 * its own sound (no transcript: phones estimated from the audio alone), exactly as
 * `tp score` does, and prints each clip's score and parts. Issue 15's bar: every clip
 * whose sound is speech scores ≥ 7.5 (the bad cases — a loudness-only mouth,
 * expressiveness 0, a frozen face, a sound shifted by 300 ms — are held under 7.5 by
 * tests/engine/video-judge.test.ts).
 *
 *   TP_REAL_CLIPS=/tmp/clips npx tsx tests/measure/score-calibration.ts [--json out.json]
 *
 * The clips are never part of the repository (calibrate on the example clips of the
 * SadTalker and LivePortrait repositories, fetched elsewhere). Clips with a silent track
 * are listed and skipped: the judge refuses them (AUDIO_SILENT). Clips whose face does not say
 * their sound in time (NOT_IN_SYNC, settled by eye on their frames, with the evidence) are
 * scored and printed on their own line, not held to the bar. Every clip's real mouth (the face
 * mesh, independent of the judge) is printed against its loudness: how far the lips open and
 * at which shift they match the sound best. Exit 0 when every talking clip in sync reaches
 * 7.5, 1 when one does not, 2 when the folder holds nothing to score.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isTalkingPhotoError } from '../../src-shared/errors.js';
import { QUALITY_THRESHOLDS } from '../../src-shared/limits.js';
import { frameFeatures } from '../../src-main/engine/animate/audio-features.js';
import { withFaceSession, type FaceSession } from '../../src-main/engine/face/face-session.js';
import { judgeVideoFile, type FileJudgement } from '../../src-main/engine/verify/judge-file.js';
import { trackMouth } from '../../src-main/engine/verify/mouth-track.js';
import { bestLaggedCorrelation } from '../../src-main/engine/verify/stats.js';
import { isTalking, LIPS_OPEN_IOD, MAX_OFFSET_S } from './follows-sound.js';

/**
 * Whether a clip is someone talking: the one rule tests/measure/real-clips.ts uses too
 * (follows-sound.ts' isTalking, on the face mesh of every frame as there, independent of the
 * judge's pixel measures; on every third frame LivePortrait d12, whose mouth follows its
 * sound only at the level chance reaches, read 0.26 against a chance level of 0.27 where
 * real-clips.ts read 0.22 against 0.22): its real mouth follows its sound's loudness beyond chance and
 * its lips part visibly. Example clips include faces that only pose or sing over music;
 * those are listed, not held to the bar.
 */
/** The real mouth against the sound, independent of the judge's pixel measures. */
interface RealMouth {
  /** Best r of the mouth's gap against loudness within ±MAX_OFFSET_S, and what chance reaches (the talking test). */
  follows: number;
  chanceR: number;
  talking: boolean;
  /**
   * The shift (frames; negative: the picture ahead) where the gap matches loudness best within
   * ±12 frames, its r, and the r at no shift. A hint, not a proof: a mouth's opening is not its
   * loudness, and d11 and d12, in time by their closures, peak 280–320 ms off at r 0.26–0.28;
   * d20's peak (r 0.62 against 0.37 at no shift) is what its frames confirm.
   */
  bestLag: number;
  bestR: number;
  rAtZero: number;
  /** How far the lips open: the gap's 90th minus its 10th percentile, eye distances. */
  opens: number;
}

async function realMouth(clip: string, judged: FileJudgement, session: FaceSession): Promise<RealMouth> {
  const v = judged.verification;
  const fps = v.framesAnalysed / v.durationS;
  const track = await trackMouth({ videoPath: clip, fps, frameCount: v.framesAnalysed, region: judged.region, session });
  const { loadRecording } = await import('../../src-main/engine/voice/recording.js');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const os = await import('node:os');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-cal-'));
  try {
    const voice = await loadRecording({ file: clip, workDir: dir });
    const level = Array.from(frameFeatures(voice.analysis.samples, 16000, fps, v.framesAnalysed).levelDb, (db) => Math.max(-60, db));
    const wide = bestLaggedCorrelation(level, track.gap, 12);
    const talk = isTalking(level, track.gap, Math.round(MAX_OFFSET_S * fps), fps);
    return { follows: talk.r, chanceR: talk.chanceR, talking: talk.talking, bestLag: wide.lag, bestR: wide.r, rAtZero: bestLaggedCorrelation(level, track.gap, 0).r, opens: talk.opens };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Clips that are not "a real talking video in sync", settled on their frames and sound
 * (2026-12-06; frame numbers at 25 fps from 0; the sound's energy in 10 ms steps, whole and
 * under/over 500 Hz, from voice/closure-cues.ts; the lips from mouth crops of every frame,
 * viewed, and the face mesh on every frame). They are scored and printed, not held to the
 * bar: a judge that passed them would be wrong. Checked the same way and in time: d11 (lips
 * shut at frames 9–10 on a silence at 0.36–0.40 s and parting at 11–12 on the burst at
 * 0.44–0.48 s; shut at 28–35 on a murmur with its energy only under 500 Hz, 1.12–1.36 s), so
 * its correlation's peak 280 ms ahead is noise. s13 is also caught as not talking by
 * LIPS_OPEN_IOD; its entry keeps the evidence.
 */
const NOT_IN_SYNC: Record<string, string> = {
  'liveportrait-d20':
    // Lips open wide at frames 9–16 (0.36–0.64 s) while the sound is at its noise floor
    // (−37 to −41 dB) until the first syllable at 0.68–0.76 s (−13 dB); the lips are pressed
    // shut at frames 33–37 and 44–50 while the sound carries loud vowels (1.40–1.48 s and
    // 1.80–1.96 s, −14 to −17 dB with the energy above 500 Hz, not a hummed m), and those
    // vowels match the open mouths 7 frames earlier (29–30, 38–41); the mouth opens again at
    // frame 64 (2.56 s, wide at 66–67) and the next syllable starts at 2.96 s. The face mesh
    // on every frame against loudness peaks sharply at 7 frames (r 0.60 against 0.22 at no
    // shift, 0.29 at 5 and 0.14 at 10).
    'the picture runs 280 ms (7 frames) ahead of its sound: the lips open on silence and are shut on loud vowels',
  'liveportrait-s13':
    // A posing model (full body, the eyes about 21 px apart) with a voice laid over: the lips stay
    // together at frames 0–39 while the sound speaks (at 1.28–1.36 s a vowel, −17 dB with
    // more energy above 500 Hz than below, on frames 32–34 with the lips together), then rest
    // slightly parted and still at frames 40–102 through every syllable; the mesh's gap
    // never leaves 0.01–0.06 eye distances, and its r against loudness is flat (0.30–0.42 at
    // every shift from −1 to +12 frames): there is no offset to read because the face does
    // not say the words.
    'the lips do not say the words: shut through the first 1.6 s of speech, then parted and still',
};

/**
 * The clips the acoustic thresholds, the head's range and the guessed phones' sureness were
 * tuned on (2026-12-06); every other clip is held
 * out and reported on its own line, so a threshold fitted to these shows up there.
 */
const CALIBRATED_ON = new Set(['liveportrait-d10', 'liveportrait-d12', 'liveportrait-s13', 'liveportrait-d20', 'sadtalker-WDA_AlexandriaOcasioCortez_000']);

const folder = process.env.TP_REAL_CLIPS;
if (!folder) {
  console.error('Set TP_REAL_CLIPS to a folder of real talking videos.');
  process.exit(2);
}
const jsonAt = process.argv.indexOf('--json');
const clips = readdirSync(folder)
  .filter((f) => /\.(mp4|mov|mkv|webm)$/i.test(f))
  .sort();
const rows: Array<{
  clip: string;
  score: number | null;
  parts: Record<string, number | null>;
  analyseMs: number;
  talking?: boolean;
  realMouth?: RealMouth;
  notInSync?: string;
  refused?: string;
}> = [];
const ms = (frames: number, fps: number) => Math.round((Math.abs(frames) / fps) * 1000);

await withFaceSession(async (session) => {
  for (const clip of clips) {
    try {
      const judged = await judgeVideoFile(path.join(folder, clip), { session });
      const parts = Object.fromEntries(judged.parts.map((p) => [p.name, p.score0to1]));
      const real = await realMouth(path.join(folder, clip), judged, session);
      const notInSync = NOT_IN_SYNC[clip.replace(/\.[^.]+$/, '')];
      const fps = judged.verification.framesAnalysed / judged.verification.durationS;
      const talking = real.talking;
      rows.push({
        clip,
        score: judged.score,
        parts,
        analyseMs: Math.round(judged.verification.analyseMs),
        talking,
        realMouth: real,
        ...(talking && notInSync ? { notInSync } : {}),
      });
      const verdict = !talking
        ? `, not talking (${real.opens < LIPS_OPEN_IOD ? `the lips open by ${real.opens.toFixed(3)} eye distances` : `the mouth does not follow the sound beyond chance, ${real.chanceR.toFixed(2)}`}): not held to the bar`
        : notInSync
          ? `, NOT IN SYNC: ${notInSync}; not held to the bar`
          : '';
      console.log(`${clip}: ${judged.score} (${judged.phonesMethod}, ${Math.round(judged.verification.analyseMs)} ms; real mouth vs loudness r ${real.follows.toFixed(2)}${verdict})`);
      console.log(
        `   real mouth (mesh, every frame): opens ${real.opens.toFixed(3)} eye distances; best against loudness at ${real.bestLag === 0 ? 'no shift' : `${ms(real.bestLag, fps)} ms ${real.bestLag < 0 ? 'ahead' : 'behind'}`} (r ${real.bestR.toFixed(2)}; ${real.rAtZero.toFixed(2)} at no shift)`,
      );
      console.log(`   parts: ${judged.parts.map((p) => `${p.name} ${p.score0to1 ?? '—'}${p.sureness !== undefined ? ` (sure ${p.sureness})` : ''}`).join(', ')}`);
      for (const p of judged.parts) if (p.score0to1 !== null && p.score0to1 < 1) console.log(`   ${p.name} ${p.score0to1}: ${p.detail}`);
    } catch (error) {
      if (!isTalkingPhotoError(error)) throw error;
      rows.push({ clip, score: null, parts: {}, analyseMs: 0, refused: error.code });
      console.log(`${clip}: refused (${error.code}) ${error.message}`);
    }
  }
});

const talkingRows = rows.filter((r) => r.score !== null && r.talking);
const scored = talkingRows.filter((r) => !r.notInSync);
const passing = scored.filter((r) => r.score! >= QUALITY_THRESHOLDS.video);
const scores = scored.map((r) => r.score!).sort((a, b) => a - b);
console.log(
  `\n${passing.length} of ${scored.length} talking clips in sync reach ${QUALITY_THRESHOLDS.video}; scores ${scores.join(', ')}; ${rows.length - talkingRows.length} refused or not talking.`,
);
const outOfSync = talkingRows.filter((r) => r.notInSync);
if (outOfSync.length) console.log(`Not in sync (scored, not held to the bar): ${outOfSync.map((r) => `${r.clip} ${r.score} (${r.notInSync})`).join('; ')}`);
for (const [label, half] of [
  ['calibrated on', true],
  ['held out', false],
] as const) {
  const rowsOfHalf = scored.filter((r) => CALIBRATED_ON.has(r.clip.replace(/\.[^.]+$/, '')) === half);
  console.log(`${label}: ${rowsOfHalf.map((r) => `${r.clip} ${r.score}`).join(', ') || 'none'}`);
}
if (jsonAt > 0 && process.argv[jsonAt + 1]) writeFileSync(process.argv[jsonAt + 1]!, JSON.stringify(rows, null, 2));
process.exit(scored.length === 0 ? 2 : passing.length === scored.length ? 0 : 1);
