import { z } from 'zod';
import { TEMPLATE_DIFFICULTIES } from './library.js';
import { WORKFLOW_TYPES, type WorkflowType } from './limits.js';
import { PLATFORM_IDS, PlatformIdSchema, platformSpec, type PlatformId } from './platforms.js';
import { placeholderProblem } from './prompt-placeholders.js';
import { CLOUD_TOOL_TEMPLATES } from './cloud-tool-templates.js';

/**
 * Export templates (SPEC §3 "do it elsewhere", the seed's `export_templates`): how to
 * redo the shot in a cloud tool from the same photo and script. Each template is written
 * once with the workflow types and platforms it fits; `expandTemplates()` turns them into
 * the library's rows (workflow type × platform × template). The data itself is in
 * cloud-tool-templates.ts.
 */

const Aspect = z.string().regex(/^[1-9]\d*:[1-9]\d*$/u, 'an aspect ratio is w:h');

/** Placeholders must be known ones, so nothing like `{{x}}` ever reaches a creator. */
const TemplateText = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    const problem = placeholderProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
    // Guides and library rows are plain text (SPEC §6: nothing is rendered as HTML).
    if (/<\/?[a-z!][^>]*>/iu.test(text)) ctx.addIssue({ code: 'custom', message: 'template text is plain text, not HTML' });
  });

export const ASSET_KINDS = ['photo', 'script', 'audio', 'captions'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const ToolSettingsSchema = z.object({
  /** What the tool's aspect menu offers; a platform whose ratio is missing gets a crop. */
  aspectRatios: z.array(Aspect).min(1),
  /** Short side, in pixels, of the tool's best output on a paid plan. */
  maxShortSidePx: z.number().int().min(240).max(4320),
  /** Longest clip one generation makes. */
  maxClipS: z.number().positive(),
  /** Speech that fits one clip with a breath at each end; defaults to maxClipS. */
  speechPerClipS: z.number().positive().optional(),
  /** Clip lengths the tool offers, where it offers a fixed set. */
  clipLengthsS: z.array(z.number().positive()).optional(),
  voice: TemplateText,
  other: z.array(z.object({ name: z.string().min(1), value: TemplateText })),
});
export type ToolSettings = z.infer<typeof ToolSettingsSchema>;

export const ExportTemplateSchema = z
  .object({
    /** Stable: names the guide file (`guides/<id>.md`) and the library rows. */
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/u),
    templateName: z.string().min(1).max(120),
    tool: z.string().min(1),
    /** What the tool is and when to pick it, in one or two sentences. */
    summary: TemplateText,
    toolsRequired: z.array(z.string().min(1)).min(1),
    difficulty: z.enum(TEMPLATE_DIFFICULTIES),
    estimatedMinutes: z.number().int().positive(),
    workflowTypes: z.union([z.literal('all'), z.array(z.enum(WORKFLOW_TYPES)).min(1)]),
    platforms: z.union([z.literal('all'), z.array(PlatformIdSchema).min(1)]),
    assetsRequired: z.array(z.enum(ASSET_KINDS)).min(1),
    /** Numbered in guides and rows; each step plain text. */
    instructions: z.array(TemplateText).min(2).max(12),
    /** Where the prompt goes in the tool, e.g. "Veo prompt (one per shot)". */
    promptLabel: z.string().min(1),
    promptTemplate: TemplateText,
    settings: ToolSettingsSchema,
    /** Month the values were last compared with `sources`. */
    checked: z.string().regex(/^\d{4}-\d{2}$/u),
    sources: z.array(z.url()).min(1),
  })
  .superRefine((t, ctx) => {
    if (t.promptTemplate.includes('{{script}}') || t.assetsRequired.includes('script')) return;
    ctx.addIssue({ code: 'custom', message: 'a template must use the script, in its prompt or its assets' });
  });
export type ExportTemplate = z.infer<typeof ExportTemplateSchema>;
export type ExportTemplateInput = z.input<typeof ExportTemplateSchema>;

export const ExportTemplatesSchema = z.array(ExportTemplateSchema).superRefine((list, ctx) => {
  for (const key of ['id', 'templateName'] as const) {
    const seen = new Set<string>();
    for (const t of list) {
      if (seen.has(t[key])) ctx.addIssue({ code: 'custom', message: `duplicate template ${key} "${t[key]}"` });
      seen.add(t[key]);
    }
  }
});

/** Parsed at load: a typo in the data fails every test and the app's start, not a creator's guide. */
export const EXPORT_TEMPLATES: readonly ExportTemplate[] = ExportTemplatesSchema.parse(CLOUD_TOOL_TEMPLATES);

export function templateFits(template: ExportTemplate, workflowType: WorkflowType, platform: PlatformId): boolean {
  const typeFits = template.workflowTypes === 'all' || template.workflowTypes.includes(workflowType);
  const platformFits = template.platforms === 'all' || template.platforms.includes(platform);
  return typeFits && platformFits;
}

/** Templates for one workflow type and platform, in data order. */
export function templatesFor(workflowType: WorkflowType, platform: PlatformId, templates: readonly ExportTemplate[] = EXPORT_TEMPLATES): ExportTemplate[] {
  return templates.filter((t) => templateFits(t, workflowType, platform));
}

/** How to set the tool up for one platform: its nearest aspect, the size it makes, the crop after. */
export interface PlatformToolSettings {
  platform: PlatformId;
  /** What to pick in the tool's aspect menu. */
  aspectRatio: string;
  /** Size of the tool's best output at that aspect. */
  outputSize: { width: number; height: number };
  /** The platform's own ratio when the tool cannot make it: crop to this afterwards. */
  cropTo: string | null;
  platformSize: { width: number; height: number };
  maxClipS: number;
  /** Speech per shot when the script is split. */
  shotCapS: number;
  platformMaxDurationS: number;
}

const ratio = (aspect: string): number => {
  const [w, h] = aspect.split(':').map(Number);
  return (w ?? 1) / (h ?? 1);
};
const even = (n: number): number => 2 * Math.round(n / 2);

/**
 * The tool's aspect for a platform: the platform's own if offered; else the closest one
 * at least as tall, because cropping its top and bottom keeps the full width and the
 * face; else the closest of all.
 */
function toolAspectFor(tool: ToolSettings, platform: PlatformId): string {
  const { aspect } = platformSpec(platform);
  const target = aspect.w / aspect.h;
  const exact = tool.aspectRatios.find((a) => Math.abs(ratio(a) - target) < 0.01);
  if (exact) return exact;
  const distance = (a: string): number => Math.abs(Math.log(ratio(a) / target));
  const byDistance = [...tool.aspectRatios].sort((a, b) => distance(a) - distance(b));
  return byDistance.find((a) => ratio(a) <= target) ?? byDistance[0]!;
}

export function toolSettingsFor(template: ExportTemplate, platform: PlatformId): PlatformToolSettings {
  const spec = platformSpec(platform);
  const tool = template.settings;
  const aspectRatio = toolAspectFor(tool, platform);
  const r = ratio(aspectRatio);
  const short = tool.maxShortSidePx;
  const outputSize = r >= 1 ? { width: even(short * r), height: short } : { width: short, height: even(short / r) };
  const own = `${spec.aspect.w}:${spec.aspect.h}`;
  return {
    platform,
    aspectRatio,
    outputSize,
    cropTo: Math.abs(r - spec.aspect.w / spec.aspect.h) < 0.01 ? null : own,
    platformSize: { width: spec.width, height: spec.height },
    maxClipS: tool.maxClipS,
    shotCapS: Math.min(tool.speechPerClipS ?? tool.maxClipS, tool.maxClipS, spec.maxDurationS),
    platformMaxDurationS: spec.maxDurationS,
  };
}

/** One library row: the seed's `export_templates` shape, placeholders left for the caller to fill. */
export interface ExportTemplateRow {
  /** `<template id>.<workflow type>.<platform>`: stable across releases. */
  id: string;
  workflowType: WorkflowType;
  platform: PlatformId;
  templateName: string;
  /** Numbered plain-text steps, one a line. */
  instructions: string;
  promptTemplate: string;
  settings: ExportTemplateRowSettings;
  assetsRequired: string[];
  difficulty: ExportTemplate['difficulty'];
  estimatedMinutes: number;
  toolsRequired: string[];
}

export interface ExportTemplateRowSettings extends ToolSettings, Omit<PlatformToolSettings, 'platform'> {
  templateId: string;
  tool: string;
  summary: string;
  promptLabel: string;
  checked: string;
  sources: string[];
}

export function numberedSteps(steps: readonly string[]): string {
  return steps.map((step, i) => `${i + 1}. ${step}`).join('\n');
}

/** Every (workflow type, platform, template) a template fits, ordered by template, type, platform. */
export function expandTemplates(templates: readonly ExportTemplate[] = EXPORT_TEMPLATES): ExportTemplateRow[] {
  const rows: ExportTemplateRow[] = [];
  for (const t of templates) {
    for (const workflowType of WORKFLOW_TYPES) {
      for (const platform of PLATFORM_IDS) {
        if (!templateFits(t, workflowType, platform)) continue;
        const { platform: _platform, ...forPlatform } = toolSettingsFor(t, platform);
        rows.push({
          id: `${t.id}.${workflowType}.${platform}`,
          workflowType,
          platform,
          templateName: t.templateName,
          instructions: numberedSteps(t.instructions),
          promptTemplate: t.promptTemplate,
          settings: {
            templateId: t.id,
            tool: t.tool,
            summary: t.summary,
            promptLabel: t.promptLabel,
            ...t.settings,
            ...forPlatform,
            checked: t.checked,
            sources: [...t.sources],
          },
          assetsRequired: [...t.assetsRequired],
          difficulty: t.difficulty,
          estimatedMinutes: t.estimatedMinutes,
          toolsRequired: [...t.toolsRequired],
        });
      }
    }
  }
  return rows;
}
