import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { EXPORT_TEMPLATES, numberedSteps, templateFits, toolSettingsFor, type AssetKind, type ExportTemplate, type PlatformToolSettings } from '../../../src-shared/export-templates.js';
import { SUPPORTED_LANGUAGES, WORKFLOW_TYPES } from '../../../src-shared/limits.js';
import { PlatformIdSchema, platformSpec, type PlatformId } from '../../../src-shared/platforms.js';
import { fillPlaceholders, LANGUAGE_NAMES, TONE_BY_WORKFLOW, type PlaceholderValues } from '../../../src-shared/prompt-placeholders.js';
import { splitIntoShots, type Shot } from './script-shots.js';

/**
 * The kit's "redo it in a cloud tool" guides (SPEC §3): one Markdown file per export
 * template that fits the project's workflow type and any chosen platform, with the prompt
 * already filled, settings per platform and numbered steps. Plain text throughout: the
 * creator's script and title only ever appear inside fenced blocks, so no Markdown viewer
 * turns them into links or HTML.
 */

export const GUIDES_FOLDER = 'guides';

export const GuidesInputSchema = z.object({
  kitDir: z.string().min(1),
  platforms: z.array(PlatformIdSchema).min(1),
  workflowType: z.enum(WORKFLOW_TYPES),
  /** Empty when the creator brought a recording instead of a script. */
  script: z.string(),
  title: z.string(),
  language: z.enum(SUPPORTED_LANGUAGES),
  /** Spoken length of the script as rendered: the measure shots are cut by. */
  durationS: z.number().positive().finite(),
});
export type GuidesInput = z.input<typeof GuidesInputSchema>;
type Input = z.output<typeof GuidesInputSchema>;

/** One `guides` entry of the kit's manifest.json. */
export interface GuideEntry {
  id: string;
  tool: string;
  templateName: string;
  platforms: PlatformId[];
  difficulty: ExportTemplate['difficulty'];
  estimatedMinutes: number;
  toolsRequired: string[];
  /** Relative to the kit folder, forward slashes. */
  file: string;
}

/** Where each asset is, in the words of someone holding the output folder. */
const ASSET_TEXT: Record<AssetKind, string> = {
  photo: 'The enhanced photo: enhanced.jpg beside the kit folder (sharper and more evenly lit than the original).',
  script: 'Your script: printed below, ready to paste.',
  audio: 'A voice track (MP3 or WAV): make one in the tool named in the steps, or reuse the voice of video.mp4 beside the kit (any editor can save its sound as a file).',
  captions: 'Captions: captions/captions.srt in this kit.',
};

const NO_SCRIPT = '[type the words of your recording here]';

function seconds(s: number): string {
  return `${Number(s.toFixed(1))} s`;
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fenced(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/gu) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}

function aspectGroups(settings: PlatformToolSettings[]): Array<{ aspect: string; platforms: PlatformId[] }> {
  const groups: Array<{ aspect: string; platforms: PlatformId[] }> = [];
  for (const s of settings) {
    const group = groups.find((g) => g.aspect === s.aspectRatio);
    if (group) group.platforms.push(s.platform);
    else groups.push({ aspect: s.aspectRatio, platforms: [s.platform] });
  }
  return groups;
}

const labels = (platforms: readonly PlatformId[]): string => platforms.map((p) => platformSpec(p).label).join(', ');

function platformSection(s: PlatformToolSettings, input: Input, shots: Shot[]): string[] {
  const spec = platformSpec(s.platform);
  const lines = [`### ${spec.label}`, '', `- Aspect ratio: ${s.aspectRatio}`];
  lines.push(`- Size: the tool makes ${s.outputSize.width}×${s.outputSize.height}; ${spec.label} takes ${s.platformSize.width}×${s.platformSize.height}.`);
  if (s.cropTo) {
    const cut =
      s.aspectRatio
        .split(':')
        .map(Number)
        .reduce((w, h) => w / h) <
      spec.aspect.w / spec.aspect.h
        ? 'top and bottom'
        : 'sides';
    lines.push(
      `- Crop: the tool cannot make ${s.cropTo}, so make ${s.aspectRatio} and crop the ${cut} to ${s.cropTo} in your editor, keeping the whole head in frame (the kit's own ${spec.label} video shows the framing).`,
    );
  }
  const length =
    shots.length > 1
      ? `one clip is at most ${seconds(s.maxClipS)} and your script runs about ${seconds(input.durationS)}, so make the ${shots.length} shots below and join them in order.`
      : `one clip is at most ${seconds(s.maxClipS)}; your script (about ${seconds(input.durationS)}) fits in one.`;
  lines.push(`- Length: ${length}`);
  if (input.durationS > s.platformMaxDurationS) {
    lines.push(`- ${spec.label} takes at most ${seconds(s.platformMaxDurationS)}: shorten the script or post it in parts.`);
  }
  return lines;
}

/** The guide for one template, as Markdown text. */
function guideText(template: ExportTemplate, platforms: readonly PlatformId[], raw: GuidesInput): string {
  const input = GuidesInputSchema.parse(raw);
  const settings = platforms.map((p) => toolSettingsFor(template, p));
  const groups = aspectGroups(settings);
  const script = input.script.trim();
  const shotCapS = Math.min(...settings.map((s) => s.shotCapS));
  const shots = script && input.durationS > shotCapS ? splitIntoShots(script, input.durationS, shotCapS, input.language) : [];
  const base: PlaceholderValues = {
    script: script || NO_SCRIPT,
    title: input.title.replace(/\s+/gu, ' ').trim(),
    aspect: groups.map((g) => g.aspect).join(' or '),
    durationS: String(Math.max(1, Math.round(input.durationS))),
    language: LANGUAGE_NAMES[input.language],
    platform: labels(platforms),
    tone: TONE_BY_WORKFLOW[input.workflowType],
  };
  const fill = (text: string, values: Partial<PlaceholderValues> = {}): string => fillPlaceholders(text, { ...base, ...values });
  const tool = template.settings;

  const out: string[] = [`# ${template.templateName}`, '', fill(template.summary), ''];
  out.push(
    `- Tool: ${template.tool}`,
    `- Difficulty: ${template.difficulty}`,
    `- Time: about ${template.estimatedMinutes} minutes`,
    `- You need: ${template.toolsRequired.join('; ')}`,
    `- For: ${labels(platforms)}`,
    '',
    '## Bring these',
    '',
    ...template.assetsRequired.map((a) => `- ${ASSET_TEXT[a]}`),
    '- When you post: captions/captions.srt (or .vtt) and the post text in post-text/ from this kit.',
    '',
    '## Your script',
    '',
    fenced(script || NO_SCRIPT),
    '',
  );

  out.push('## Settings', '', `- Voice: ${fill(tool.voice)}`);
  if (tool.clipLengthsS) out.push(`- Clip lengths offered: ${tool.clipLengthsS.map(seconds).join(', ')}`);
  for (const o of tool.other) out.push(`- ${o.name}: ${fill(o.value)}`);
  out.push('');
  for (const s of settings) out.push(...platformSection(s, input, shots), '');

  if (shots.length > 1) {
    out.push(
      '## Shots',
      '',
      `The script is longer than one clip, so it is split at sentence ends into ${shots.length} shots of at most ${seconds(shotCapS)} of speech. Make each from the same photo.`,
      '',
    );
    shots.forEach((shot, i) => out.push(`Shot ${i + 1} of ${shots.length}, about ${seconds(shot.durationS)}:`, '', fenced(shot.text), ''));
  }

  out.push(`## ${template.promptLabel}`, '');
  const perShot = shots.length > 1 && template.promptTemplate.includes('{{script}}');
  const promptsFor = (aspect: string, groupPlatforms: PlatformId[]): string[] => {
    const values = { aspect, platform: labels(groupPlatforms) };
    if (!perShot) return [fill(template.promptTemplate, values)];
    return shots.map((shot) => fill(template.promptTemplate, { ...values, script: shot.text, durationS: String(Math.max(1, Math.round(shot.durationS))) }));
  };
  const prompts = groups.map((g) => ({ ...g, texts: promptsFor(g.aspect, g.platforms) }));
  const same = prompts.every((p) => p.texts.join('\n') === prompts[0]!.texts.join('\n'));
  for (const group of same ? prompts.slice(0, 1) : prompts) {
    if (!same) out.push(`### ${group.aspect} (${labels(group.platforms)})`, '');
    group.texts.forEach((text, i) => out.push(...(perShot ? [`Shot ${i + 1}:`, ''] : []), fenced(text), ''));
  }

  out.push('## Steps', '', numberedSteps(template.instructions.map((step) => fill(step))), '');
  out.push(`Checked ${template.checked} against ${template.sources.join(', ')}. Tools change menus and limits often: when the screen differs, trust the screen.`, '');
  return out.join('\n');
}

/**
 * Writes one guide per template that fits the workflow type and at least one chosen
 * platform, in data order, under `kitDir/guides/`; returns the manifest entries.
 */
export async function writeGuides(raw: GuidesInput): Promise<GuideEntry[]> {
  const input = GuidesInputSchema.parse(raw);
  const platforms = [...new Set(input.platforms)];
  const dir = path.join(input.kitDir, GUIDES_FOLDER);
  await mkdir(dir, { recursive: true });
  const entries: GuideEntry[] = [];
  for (const template of EXPORT_TEMPLATES) {
    const fitting = platforms.filter((p) => templateFits(template, input.workflowType, p));
    if (fitting.length === 0) continue;
    const name = `${template.id}.md`;
    // The kit is built in a staging folder that only becomes visible when complete, so a plain write is safe.
    await writeFile(path.join(dir, name), guideText(template, fitting, input), 'utf8');
    entries.push({
      id: template.id,
      tool: template.tool,
      templateName: template.templateName,
      platforms: fitting,
      difficulty: template.difficulty,
      estimatedMinutes: template.estimatedMinutes,
      toolsRequired: [...template.toolsRequired],
      file: `${GUIDES_FOLDER}/${name}`,
    });
  }
  return entries;
}
