import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/fixtures.js';
import { EXPORT_TEMPLATES, ExportTemplateSchema, templatesFor, type ExportTemplateInput } from '../../../src-shared/export-templates.js';
import { CLOUD_TOOL_TEMPLATES } from '../../../src-shared/cloud-tool-templates.js';
import { WORKFLOW_TYPES } from '../../../src-shared/limits.js';
import { PLATFORM_IDS } from '../../../src-shared/platforms.js';
import { fillPlaceholders, TONE_BY_WORKFLOW } from '../../../src-shared/prompt-placeholders.js';
import { writeGuides, type GuidesInput } from './guides.js';
import { splitIntoShots } from './script-shots.js';

// About 30 s when spoken: seven sentences of ordinary length.
const LONG_SCRIPT =
  'Hi, I am Maya. This is our new running shoe, and it is light enough to forget you are wearing it. ' +
  'The sole is made from recycled foam, so every step gives a little back. We tested it on trails, tracks and city streets for six months. ' +
  'It dries in an hour after rain. Try it for thirty days, and if you do not love it, send it back for free. Link in the bio!';

let kitDir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir: kitDir, cleanup } = tempDir('tp-guides-'));
});
afterEach(() => cleanup());

const input = (over: Partial<GuidesInput> = {}): GuidesInput => ({
  kitDir,
  platforms: ['tiktok', 'youtube'],
  workflowType: 'product_demo',
  script: LONG_SCRIPT,
  title: 'Maya’s running shoe',
  language: 'en',
  durationS: 30,
  ...over,
});

const read = (file: string): string => readFileSync(path.join(kitDir, file), 'utf8');
const words = (text: string): string => text.replace(/\s+/gu, ' ').trim();

/** `Shot 2 of 5, about 6.1 s:` followed by a fenced block with the shot's words. */
function shotsIn(guide: string): Array<{ n: number; of: number; seconds: number; text: string }> {
  return [...guide.matchAll(/^Shot (\d+) of (\d+), about ([\d.]+) s:\n\n(`{3,})text\n([\s\S]*?)\n\4$/gmu)].map((m) => ({
    n: Number(m[1]),
    of: Number(m[2]),
    seconds: Number(m[3]),
    text: m[5]!,
  }));
}

describe('cloud tool guides in the export kit', () => {
  it('writes one guide per fitting template, each with the script, filled prompts and a manifest path that resolves', async () => {
    const entries = await writeGuides(input());

    const expected = EXPORT_TEMPLATES.filter((t) => templatesFor('product_demo', 'tiktok').includes(t) || templatesFor('product_demo', 'youtube').includes(t));
    expect(entries.map((e) => e.id)).toEqual(expected.map((t) => t.id));
    expect(entries.map((e) => e.tool)).toEqual(expect.arrayContaining(['HeyGen', 'Runway', 'Google Veo 3', 'D-ID']));
    for (const entry of entries) {
      expect(entry.file).toBe(`guides/${entry.id}.md`);
      expect(existsSync(path.join(kitDir, ...entry.file.split('/')))).toBe(true);
      expect(entry.platforms).toEqual(['tiktok', 'youtube']);
      expect(entry.estimatedMinutes).toBeGreaterThan(0);
      const guide = read(entry.file);
      expect(guide).toContain(LONG_SCRIPT);
      expect(guide).not.toMatch(/\{\{|\}\}/u);
      expect(guide).toContain(TONE_BY_WORKFLOW.product_demo);
      expect(guide).toContain('enhanced.jpg');
      expect(guide).toMatch(/## Steps\n\n1\. .+\n2\. /u);
      expect(guide).toContain('### TikTok');
      expect(guide).toContain('### YouTube (16:9)');
    }
  });

  it('gives the same entries and files for the same project', async () => {
    const first = await writeGuides(input());
    const texts = first.map((e) => read(e.file));
    const second = await writeGuides(input());
    expect(second).toEqual(first);
    expect(second.map((e) => read(e.file))).toEqual(texts);
  });

  it('splits a 30 s script into Veo shots that each fit one 8 s clip, with one prompt per shot', async () => {
    const entries = await writeGuides(input());
    const veo = entries.find((e) => e.id === 'veo3-speaking-shots')!;
    const guide = read(veo.file);
    const shots = shotsIn(guide);

    expect(shots.length).toBeGreaterThanOrEqual(Math.ceil(30 / 8));
    expect(shots.every((s) => s.of === shots.length && s.seconds <= 8)).toBe(true);
    expect(shots.reduce((sum, s) => sum + s.seconds, 0)).toBeCloseTo(30, 0);
    // Nothing lost, nothing reordered, and cuts fall after sentence or clause ends.
    expect(words(shots.map((s) => s.text).join(' '))).toBe(words(LONG_SCRIPT));
    for (const shot of shots.slice(0, -1)) expect(shot.text).toMatch(/[.!?,]$/u);
    for (const shot of shots) expect(guide).toContain(`says in English, sounding upbeat and friendly: "${shot.text}"`);
    expect(guide).toContain(`make the ${shots.length} shots below`);
  });

  it('keeps a short script in one shot', async () => {
    const entries = await writeGuides(input({ script: 'Hi, I am Maya.', durationS: 2 }));
    for (const entry of entries) expect(read(entry.file)).not.toContain('## Shots');
  });

  it('tells how to crop when the tool cannot make the platform’s aspect ratio', async () => {
    await writeGuides(input({ platforms: ['instagram-feed', 'linkedin'] }));
    const veo = read('guides/veo3-speaking-shots.md');
    expect(veo).toMatch(/### Instagram Feed \(4:5\)\n\n- Aspect ratio: 9:16\n[^\n]*\n- Crop: [^\n]*crop the top and bottom to 4:5/u);
    expect(veo).toMatch(/### LinkedIn\n\n- Aspect ratio: 9:16\n[^\n]*\n- Crop: [^\n]*to 1:1/u);
  });

  it('warns when the script runs longer than the platform allows', async () => {
    await writeGuides(input({ platforms: ['x'], durationS: 200 }));
    expect(read('guides/heygen-photo-avatar.md')).toContain('X (Twitter) takes at most 140 s: shorten the script');
  });

  it('pastes the creator’s text as written: placeholders, $ patterns and fences in it are not expanded or broken', async () => {
    const script = 'Say {{tone}} and $& and $1 aloud. ``` Then <b>stop</b>.';
    await writeGuides(input({ script, durationS: 4, platforms: ['tiktok'] }));
    const did = read('guides/did-studio-talking-photo.md');
    expect(did).toContain(script);
    expect(did).not.toContain(`Say ${TONE_BY_WORKFLOW.product_demo}`);
    // The script's own backticks cannot close the block around it.
    expect(did).toContain(`\`\`\`\`text\n${script}\n\`\`\`\``);
    expect(did.replaceAll(script, '')).not.toMatch(/\{\{|\}\}/u);
  });

  it('writes usable guides for a project made from a recording (no script)', async () => {
    const entries = await writeGuides(input({ script: '  ', durationS: 12 }));
    for (const entry of entries) {
      const guide = read(entry.file);
      expect(guide).toContain('[type the words of your recording here]');
      expect(guide).not.toMatch(/\{\{|\}\}/u);
    }
  });

  it('refuses a platform id it does not know', async () => {
    await expect(writeGuides(input({ platforms: ['myspace' as never] }))).rejects.toThrow();
  });
});

describe('export template data', () => {
  it('has at least one template for every platform and workflow type', () => {
    for (const workflowType of WORKFLOW_TYPES) {
      for (const platform of PLATFORM_IDS) expect(templatesFor(workflowType, platform).length, `${workflowType} × ${platform}`).toBeGreaterThan(0);
    }
  });

  it('covers HeyGen, Runway, Veo, D-ID and an ElevenLabs voice route', () => {
    const tools = EXPORT_TEMPLATES.map((t) => t.tool).join(' | ');
    for (const tool of ['HeyGen', 'Runway', 'Veo', 'D-ID', 'ElevenLabs']) expect(tools).toContain(tool);
  });

  it('refuses template text with an unknown or broken placeholder', () => {
    const base = CLOUD_TOOL_TEMPLATES[0]! satisfies ExportTemplateInput;
    expect(ExportTemplateSchema.safeParse(base).success).toBe(true);
    expect(ExportTemplateSchema.safeParse({ ...base, promptTemplate: 'Wear {{colour}}' }).success).toBe(false);
    expect(ExportTemplateSchema.safeParse({ ...base, promptTemplate: 'Say {{ script' }).success).toBe(false);
    expect(ExportTemplateSchema.safeParse({ ...base, instructions: ['Click <b>Go</b>.', 'Done.'] }).success).toBe(false);
    const values = { script: 's', title: 't', aspect: '9:16', durationS: '5', language: 'English', platform: 'TikTok', tone: 'calm' };
    expect(() => fillPlaceholders('Hi {{nope}}', values)).toThrow(/unknown placeholder/u);
    expect(fillPlaceholders('{{ script }} for {{platform}}', values)).toBe('s for TikTok');
  });
});

describe('splitting a script into shots', () => {
  it('cuts a script written without spaces and keeps every shot within the cap', () => {
    const script = '今日は新しいランニングシューズを紹介します。とても軽くて、履いていることを忘れるほどです。雨の後でも一時間で乾きます。三十日間試して、気に入らなければ無料で返品できます。';
    const shots = splitIntoShots(script, 16, 5, 'ja');
    expect(shots.length).toBeGreaterThanOrEqual(4);
    expect(shots.every((s) => s.durationS <= 5 + 1e-9)).toBe(true);
    expect(shots.map((s) => s.text).join('')).toBe(script);
  });

  it('breaks a sentence longer than the cap at commas, then at words', () => {
    const script = 'one two three four five six seven eight nine ten eleven twelve, thirteen fourteen fifteen sixteen';
    const shots = splitIntoShots(script, 16, 3, 'en');
    expect(shots.every((s) => s.durationS <= 3 + 1e-9)).toBe(true);
    expect(shots.map((s) => s.text).join(' ')).toBe(script);
  });
});
