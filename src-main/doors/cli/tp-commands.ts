import './face-warm-start.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { isPlatformId, unknownPlatformMessage } from '../../../src-shared/platforms.js';
import type { Tier } from '../../../src-shared/providers.js';
import type { MotionSettings, RenderRequest, RouteChoice } from '../../../src-shared/render.js';
import type { RenderReport } from '../../../src-shared/report.js';
import { releaseWarmFaceSession, warmFaceSession } from '../../engine/face/face-session.js';
import { validRenderRequest } from '../../engine/pipeline/render-request.js';
import { rememberToolVersionsIn } from '../../engine/media/ffmpeg.js';
import { dataFolder } from '../../app/library/data-folder.js';
import { EXIT_CANCELLED, progressPrinter, reportError } from './cli-output.js';
import { addLogging } from './cli-log.js';
import type { PlannedRender } from './render-plan.js';
import { parseRoute, parseTier } from './route-options.js';
import { checkTargetDuration, parseDuration } from './target-duration.js';
import { addScoreCommand } from './score-cli.js';
import { addDiagnosticsCommand } from './diagnostics-cli.js';
import { findAppRoot } from '../host/app-root.js';

/**
 * The bundled sample, found from the app's root: under tsx this file sits three folders
 * below it, compiled (dist/main/src-main/doors/cli) five, so a fixed `../../..` from here
 * only ever worked in development.
 */
function samplesFolder(): string {
  return path.join(findAppRoot().root, 'resources', 'samples');
}

function parseSize(value: string): { width: number; height: number } {
  const match = /^(\d+)x(\d+)$/i.exec(value.trim());
  if (!match) throw new InvalidArgumentError('use WIDTHxHEIGHT, for example 720x1280.');
  return { width: Number(match[1]), height: Number(match[2]) };
}

const MOODS = ['neutral', 'warm', 'serious'] as const;

function parseMood(value: string): MotionSettings['mood'] {
  const mood = MOODS.find((m) => m === value.trim().toLowerCase());
  if (!mood) throw new InvalidArgumentError(`use one of ${MOODS.join(', ')}.`);
  return mood;
}

function parseNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('use a number.');
  return n;
}

function parsePlatforms(value: string): string[] {
  const ids = value
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const unknown = ids.find((id) => !isPlatformId(id));
  if (unknown !== undefined) throw new InvalidArgumentError(unknownPlatformMessage(unknown));
  return ids;
}

/** The feeds creators post talking heads to most; their kit is quick (three are the video itself). */
const DEMO_PLATFORMS = ['instagram-reels', 'tiktok', 'youtube-shorts', 'linkedin'] as const;

interface RenderFlags {
  photo: string;
  script?: string;
  scriptFile?: string;
  lang: string;
  voice?: string;
  audio?: string;
  out: string;
  size?: { width: number; height: number };
  fps?: number;
  json?: boolean;
  expressiveness?: number;
  headMotion?: number;
  blinkRate?: number;
  mood?: MotionSettings['mood'];
  face?: number;
  verify: boolean;
  platforms?: string[];
  zip?: boolean;
  title?: string;
  burnCaptions?: boolean;
  trim?: boolean;
  coverTitle?: boolean;
  transcript?: string;
  transcriptFile?: string;
  /** --duration: the video's target length in seconds. */
  duration?: number;
  rawVoice?: boolean;
  route?: RouteChoice;
  /** Commander's `--no-local`. */
  local?: boolean;
  tier?: Tier;
  dryRun?: boolean;
}

function summary(report: RenderReport, outDir: string, voiceSummaryLines: (report: RenderReport) => string[]): string {
  const video = report.quality.video as { blinks?: { perMinute: number }; analyseMs?: number } | undefined;
  const visemes = report.quality.visemes;
  const lines = [
    `Video: ${path.join(outDir, report.files.video)} (${report.output.width}×${report.output.height}, ${report.output.durationS.toFixed(2)} s)`,
    `Photo quality ${report.quality.image.before.toFixed(1)} → ${report.quality.image.after.toFixed(1)}; rendered in ${(report.totalMs / 1000).toFixed(1)} s`,
  ];
  lines.push(...voiceSummaryLines(report));
  if (visemes)
    lines.push(
      `Lips meet on ${visemes.closure.closed} of ${visemes.closure.phones} p/b/m, ${video?.blinks?.perMinute.toFixed(0) ?? 0} blinks a minute (checked in ${((video?.analyseMs ?? 0) / 1000).toFixed(1)} s)`,
    );
  const scores = report.quality.scores;
  if (scores) {
    const figure = (n: number | null): string => (n === null ? 'not measured' : n.toFixed(1));
    lines.push(
      `Quality: photo ${figure(scores.image)}, video ${figure(scores.video)}, overall ${figure(scores.overall)} (needs ${scores.thresholds.image}, ${scores.thresholds.video}, ${scores.thresholds.overall}): ${scores.passed ? 'passed' : 'below the bar'}`,
    );
    if (scores.retry) lines.push(`  Tried again (${scores.retry.reasons.join(' ')}); kept the ${scores.retry.kept === 'retry' ? 'second' : 'first'} attempt.`);
    if (!scores.passed) for (const weak of scores.weak) lines.push(`  Weak: ${weak.what}`);
  }
  if (report.kit) {
    lines.push(`Export kit: ${path.join(outDir, report.kit.manifest)}${report.kit.zip ? ` and ${path.join(outDir, report.kit.zip)}` : ''}`);
    for (const r of report.kit.renditions) {
      lines.push(`  ${r.platform} ${r.width}×${r.height}: ${r.failedChecks.length ? `check: ${r.failedChecks.join('; ')}` : 'meets the platform spec'}`);
    }
  }
  const { ffmpeg, ffprobe, warning } = report.tools;
  lines.push(`Tools: ffmpeg ${ffmpeg.version ?? '(version unknown)'} from ${ffmpeg.source}, ffprobe ${ffprobe.version ?? '(version unknown)'} from ${ffprobe.source}`);
  if (warning) lines.push(`  Warning: ${warning}`);
  return lines.join('\n') + '\n';
}

async function runRender(asked: RenderRequest, json: boolean, via: 'tp render' | 'tp demo'): Promise<number> {
  // Options the render would refuse are refused before the engine and the library load: a
  // mistyped size answers in about a second, not three. The face model's thread, already
  // booting (face-warm-start.ts), is closed by runTp.
  try {
    validRenderRequest(asked);
  } catch (error) {
    return reportError(error);
  }
  // Already booting since face-warm-start.ts; started here only if that missed this command line.
  warmFaceSession();
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let planned: PlannedRender | undefined;
  let made = false;
  try {
    const { renderProject } = await import('../../engine/pipeline/render-project.js');
    const { openProviderSession } = await import('../../app/services/open-provider-session.js');
    // Imported here, not at the top: a refused command line answers without loading the library.
    const { noteSpendAlert } = await import('./spend-alert-cli.js');
    const { voiceSummaryLines } = await import('./voice-summary.js');
    // Counted before anything is read or written: over the month's limit, nothing happens.
    planned = (await import('./render-plan.js')).planRender(asked, via);
    const { request, library, notice } = planned;
    const opened = await openProviderSession(request, { library });
    const spendBefore = opened?.session.budget.status();
    let report: RenderReport;
    try {
      // The cloud's stages load only with a session to route them through.
      const cloud = opened ? (await import('../../app/services/cloud-routes.js')).cloudRoutes(opened.session) : undefined;
      report = await renderProject(request, { signal: controller.signal, onProgress: progressPrinter(json), ...(cloud ? { cloud } : {}) });
    } finally {
      // Also after a failed render: what its cloud calls cost is spent all the same.
      if (opened && spendBefore) noteSpendAlert(spendBefore, opened.session.budget.status());
      opened?.close();
    }
    made = true;
    if (json) {
      process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      if (notice) process.stderr.write(notice + '\n');
    } else {
      process.stdout.write(summary(report, request.outDir, voiceSummaryLines) + (notice ? notice + '\n' : ''));
    }
    return 0;
  } catch (error) {
    return controller.signal.aborted ? (process.stderr.write('Cancelled: nothing was written.\n'), EXIT_CANCELLED) : reportError(error);
  } finally {
    planned?.finish(made);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Only the motion settings given: the quality gate may adjust the others, never the creator's choices. */
function motionFlags(flags: { expressiveness?: number; headMotion?: number; blinkRate?: number; mood?: MotionSettings['mood'] }): Partial<MotionSettings> {
  return {
    ...(flags.expressiveness !== undefined ? { expressiveness: flags.expressiveness } : {}),
    ...(flags.headMotion !== undefined ? { headMotion: flags.headMotion } : {}),
    ...(flags.blinkRate !== undefined ? { blinkRate: flags.blinkRate } : {}),
    ...(flags.mood !== undefined ? { mood: flags.mood } : {}),
  };
}

/** A text option given inline or as a file (never both). */
function readTextOption(inline: string | undefined, file: string | undefined, what: string): string | undefined {
  if (file === undefined) return inline;
  if (inline !== undefined) throw new TalkingPhotoError('BAD_OPTION', `Give the ${what} inline or as a file, not both.`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new TalkingPhotoError('FILE_NOT_FOUND', `Cannot read the ${what} file ${file}: check the path.`);
  }
}

function requestFrom(flags: RenderFlags): RenderRequest {
  const script = readTextOption(flags.script, flags.scriptFile, 'script');
  if (script === undefined && flags.audio === undefined) {
    throw new TalkingPhotoError('BAD_OPTION', 'Say what the photo should say: add --script "your text" or --audio your-recording.wav.');
  }
  if (script !== undefined && flags.audio !== undefined) {
    throw new TalkingPhotoError('BAD_OPTION', 'Use either --script or --audio, not both (with --audio, give its words with --transcript for captions).');
  }
  const kitOnly = (['zip', 'burnCaptions', 'trim', 'coverTitle'] as const).filter((k) => flags[k]);
  if (kitOnly.length > 0 && !flags.platforms?.length) {
    const names = kitOnly.map((k) => `--${k.replace(/[A-Z]/gu, (c) => `-${c.toLowerCase()}`)}`);
    throw new TalkingPhotoError('BAD_OPTION', `${names.join(' and ')} shape the export kit: add --platforms, for example --platforms tiktok,youtube-shorts.`);
  }
  if (flags.tier !== undefined && !flags.dryRun) {
    throw new TalkingPhotoError('BAD_OPTION', '--tier prices a --dry-run as another plan; a render always uses the plan this computer holds (the app’s Settings, Account).');
  }
  if (flags.local === false && flags.route === 'local') {
    throw new TalkingPhotoError('BAD_OPTION', '--no-local with --route local leaves nothing to render with: drop one of them.');
  }
  const transcript = readTextOption(flags.transcript, flags.transcriptFile, 'transcript');
  if (transcript !== undefined && flags.audio === undefined) {
    throw new TalkingPhotoError('BAD_OPTION', 'A transcript goes with --audio: with --script, the script is already the captions’ text.');
  }
  if (flags.rawVoice && flags.audio === undefined) {
    throw new TalkingPhotoError('BAD_OPTION', '--raw-voice keeps your own recording as recorded: it goes with --audio.');
  }
  return {
    photoPath: flags.photo,
    script,
    language: flags.lang as RenderRequest['language'],
    voice: flags.voice,
    audioPath: flags.audio,
    outDir: flags.out,
    width: flags.size?.width,
    height: flags.size?.height,
    fps: flags.fps,
    verify: flags.verify,
    platforms: flags.platforms as RenderRequest['platforms'],
    zip: flags.zip,
    title: flags.title,
    burnCaptions: flags.burnCaptions,
    trim: flags.trim,
    coverTitle: flags.coverTitle,
    transcript,
    rawVoice: flags.rawVoice,
    targetDurationS: flags.duration,
    faceIndex: flags.face === undefined ? undefined : flags.face - 1,
    motion: motionFlags(flags),
    route: flags.route,
    noLocal: flags.local === false,
    tier: flags.tier,
  };
}

function addRenderOptions(command: Command): Command {
  return command
    .option('--size <WxH>', 'video size (default 720x1280)', parseSize)
    .option('--fps <n>', 'frames per second (default 25)', parseNumber)
    .option('--expressiveness <0-2>', 'mouth and brow amplitude (default 1)', parseNumber)
    .option('--head-motion <0-2>', 'head sway and nods; 0 keeps the head still (default 1)', parseNumber)
    .option('--blink-rate <per-minute>', 'blinks per minute (default 16)', parseNumber)
    .option('--mood <neutral|warm|serious>', "the face's resting mood: warm lifts the mouth corners and livens the head, serious settles both (default neutral)", parseMood)
    .option('--no-verify', 'skip measuring lip sync and blinks on the rendered frames')
    .option('--json', 'print report.json on stdout');
}

/** Cloud routes (issue 7): for render and demo; batch renders through the queue on the creator's settings. */
function addRouteOptions(command: Command): Command {
  return command
    .option('--route <auto|local|ids>', 'which providers may do the work: auto (your keys and chains), local, or a comma-separated chain', parseRoute)
    .option('--no-local', "with --route: do not fall back to this computer's engines")
    .option('--tier <tier>', 'with --dry-run: price the route as this plan would (free, starter, pro, enterprise); a render uses your own plan', parseTier)
    .option('--dry-run', 'print the route each step would take and its cost, then stop without spending anything');
}

/** Kit options: a single render only (a batch takes platforms and titles from its CSV). */
function addKitOptions(command: Command): Command {
  return command
    .option('--platforms <ids>', 'also build an export kit for these platforms (comma-separated, e.g. tiktok,youtube-shorts)', parsePlatforms)
    .option('--zip', 'with --platforms: also write kit.zip')
    .option('--title <text>', 'title for the post text and the kit')
    .option('--burn-captions', "with --platforms: draw the captions into each video, inside the platform's safe area")
    .option('--trim', 'with --platforms: cut a video that is too long for a platform at the last pause that fits')
    .option('--cover-title', 'with --platforms: put the title on the covers')
    .option('--transcript <text>', 'with --audio: the words you say, for captions and post text; giving the words improves lip sync')
    .option('--transcript-file <file>', 'with --audio: read the transcript from a UTF-8 text file')
    .option('--raw-voice', 'with --audio: keep the recording as recorded (no rumble filter, noise suppression or de-essing; still loudness-normalised)');
}

function buildCli(): Command {
  const program = addLogging(new Command('tp').description('TalkingPhoto: turn a portrait photo into a talking video, offline.').showHelpAfterError('(run with --help for usage)').exitOverride());
  addRenderOptions(
    addRouteOptions(addKitOptions(program.command('render')))
      .description('render a talking video from a photo and a script or recording')
      .requiredOption('--photo <file>', 'portrait photo (JPEG, PNG, WebP, AVIF)')
      .option('--script <text>', 'what the photo says (1–5000 characters)')
      .option('--script-file <file>', 'read the script from a UTF-8 text file')
      .option('--lang <code>', 'script language: en, hi, es, fr, de, ja, ko, zh', 'en')
      .option('--voice <id>', 'voice for the language (default: the language’s first voice)')
      .option('--audio <file>', 'your own recording instead of a script (WAV, MP3, M4A, OGG, WebM)')
      .option('--face <n>', 'which face talks when there are several (1 = largest)', parseNumber)
      .option('--duration <seconds>', 'target length, 1–60 s: a script or recording clearly longer (over 15 % or 1 s) is refused with how much to cut', parseDuration)
      .requiredOption('--out <dir>', 'folder for video.mp4, enhanced.jpg and report.json'),
  ).action(async (flags: RenderFlags) => {
    let request: RenderRequest;
    try {
      request = requestFrom(flags);
      const note = await checkTargetDuration(request);
      if (note) process.stderr.write(`${note}\n`);
    } catch (error) {
      process.exitCode = reportError(error);
      return;
    }
    process.exitCode = flags.dryRun ? await (await import('./providers-cli.js')).dryRun(request, Boolean(flags.json)) : await runRender(request, Boolean(flags.json), 'tp render');
  });
  program
    .command('voices')
    .description("list every voice a script can be spoken with: the computer's own, the built-in eSpeak voices and, with a key, ElevenLabs' cloud voices")
    .option('--language <code>', 'only the voices of this script language: en, hi, es, fr, de, ja, ko, zh')
    .option('--json', 'print as JSON')
    .action(async (flags: { language?: string; json?: boolean }) => {
      try {
        process.exitCode = await (await import('./voices-cli.js')).voicesCommand(flags);
      } catch (error) {
        process.exitCode = reportError(error);
      }
    });
  program
    .command('providers')
    .description('list the cloud providers: key set, circuit, rate-limit headroom and price')
    .option('--json', 'print as JSON')
    .action(async (flags: { json?: boolean }) => {
      try {
        process.exitCode = await (await import('./providers-cli.js')).listProviders(Boolean(flags.json));
      } catch (error) {
        process.exitCode = reportError(error);
      }
    });
  addRenderOptions(
    addRouteOptions(addKitOptions(program.command('demo')))
      .description(`render the bundled sample portrait and script, with an export kit for ${DEMO_PLATFORMS.join(', ')}`)
      .option('--out <dir>', 'output folder', 'demo-output')
      .option('--no-kit', 'just the video, no export kit'),
  ).action(async (flags: Omit<RenderFlags, 'photo' | 'lang'> & { kit: boolean }) => {
    let request: RenderRequest;
    try {
      request = requestFrom({
        ...flags,
        // The product's promise is the kit: the demo shows it unless asked not to.
        platforms: flags.platforms ?? (flags.kit ? [...DEMO_PLATFORMS] : undefined),
        title: flags.title ?? (flags.kit ? 'Meet TalkingPhoto' : undefined),
        photo: path.join(samplesFolder(), 'portrait.jpg'),
        script: readFileSync(path.join(samplesFolder(), 'script.txt'), 'utf8'),
        lang: 'en',
      });
    } catch (error) {
      process.exitCode = reportError(error);
      return;
    }
    process.exitCode = flags.dryRun ? await (await import('./providers-cli.js')).dryRun(request, Boolean(flags.json)) : await runRender(request, Boolean(flags.json), 'tp demo');
  });
  addScoreCommand(program);
  addDiagnosticsCommand(program);
  addRenderOptions(
    program
      .command('batch <file.csv>')
      .description(
        'render one video per CSV row (columns: photo, script or audio, language, platforms, title, type; motion: expressiveness, head_motion, blink_rate, mood, which win over the flags) into the library',
      )
      .option('--out <dir>', 'folder for the finished videos and summary.csv (default: beside the CSV)'),
  ).action(
    async (
      file: string,
      flags: {
        out?: string;
        json?: boolean;
        size?: { width: number; height: number };
        fps?: number;
        verify: boolean;
        expressiveness?: number;
        headMotion?: number;
        blinkRate?: number;
        mood?: MotionSettings['mood'];
      },
    ) => {
      try {
        const { runBatch } = await import('./batch.js');
        const results = await runBatch(file, {
          outDir: flags.out,
          width: flags.size?.width,
          height: flags.size?.height,
          fps: flags.fps,
          verify: flags.verify,
          motion: motionFlags(flags),
          log: (line) => process.stderr.write(line + '\n'),
        });
        if (flags.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
        // Some rows failed: their reasons are in the summary; the exit code says so too.
        process.exitCode = results.every((r) => r.status === 'completed') ? 0 : 2;
      } catch (error) {
        process.exitCode = reportError(error);
      }
    },
  );
  return program;
}

/** Runs the `tp` command line of this process (tp.ts decides the process it runs in). */
export async function runTp(): Promise<void> {
  // ffmpeg's and ffprobe's versions are read from the data folder, not asked each run.
  rememberToolVersionsIn(path.join(dataFolder(), 'cache', 'tool-versions.json'));
  try {
    await buildCli().parseAsync(process.argv);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') process.exitCode = 0;
    else if (code.startsWith('commander.')) process.exitCode = 2;
    else process.exitCode = reportError(error);
  } finally {
    await releaseWarmFaceSession();
  }
}
