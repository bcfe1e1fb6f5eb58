import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { QUALITY_THRESHOLDS } from '../../../src-shared/limits.js';
import { reportError } from './cli-output.js';

/**
 * `tp score VIDEO`: the video judge's own front door. Scores any talking-head video (ours,
 * a cloud provider's, a real recording) with the measures the render's quality check
 * uses, so a creator can compare what TalkingPhoto made with what another tool made.
 */

interface ScoreFlags {
  transcript?: string;
  transcriptFile?: string;
  json?: boolean;
}

export function addScoreCommand(program: Command): void {
  program
    .command('score <video>')
    .description("score any talking-head video 0–10 the way the render's quality check does, part by part")
    .option('--transcript <text>', 'the words said in the video: times the lips far better than the sound alone')
    .option('--transcript-file <file>', 'read the transcript from a UTF-8 text file')
    .option('--json', 'print { "video": <0–10>, "parts": [...] } on stdout')
    .action(async (video: string, flags: ScoreFlags) => {
      process.exitCode = await scoreCommand(video, flags);
    });
}

async function scoreCommand(video: string, flags: ScoreFlags): Promise<number> {
  try {
    let transcript = flags.transcript;
    if (flags.transcriptFile) {
      try {
        transcript = readFileSync(flags.transcriptFile, 'utf8');
      } catch {
        throw new TalkingPhotoError('FILE_NOT_FOUND', `The transcript file ${flags.transcriptFile} cannot be read: check the path.`);
      }
    }
    // Loaded here: `tp --help` should not pay for the face model and ffmpeg lookups.
    const { judgeVideoFile } = await import('../../engine/verify/judge-file.js');
    const judged = await judgeVideoFile(video, { transcript });
    if (flags.json) {
      process.stdout.write(JSON.stringify({ video: judged.score, parts: judged.parts.map(({ too: _too, ...part }) => part) }, null, 2) + '\n');
      return 0;
    }
    const lines = [
      `Video score ${judged.score?.toFixed(1) ?? 'not measurable'} of 10 (${QUALITY_THRESHOLDS.video} or more passes).`,
      `Lips timed from ${judged.phonesMethod === 'aligned' ? 'the transcript aligned to the sound' : 'the sound alone (give --transcript for a closer check)'}.`,
      ...judged.parts.map((p) => `${p.score0to1 === null ? '  –  ' : `${(p.score0to1 * 10).toFixed(1).padStart(4)} `} ${p.detail}`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } catch (error) {
    return reportError(error);
  }
}
