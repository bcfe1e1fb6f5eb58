/**
 * Writes src-main/engine/voice/espeak-phone-templates.ts: the audio-only phone estimate's class
 * templates, learned from eSpeak NG's own voices. Run after changing the calibration text,
 * the voices, the features or eSpeak itself:
 *   npx tsx tests/measure/phone-templates.ts
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { learnEspeakTemplates, templatesToTable } from '../../src-main/engine/voice/acoustic-phones.js';

const TABLE_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src-main/engine/voice/espeak-phone-templates.ts');

const work = mkdtempSync(path.join(os.tmpdir(), 'tp-templates-'));
try {
  const table = templatesToTable(await learnEspeakTemplates(work));
  const round = (v: number): number => Number(v.toPrecision(10));
  const means = Object.entries(table.means)
    .map(([cls, mean]) => `    ${cls}: [${mean!.map(round).join(', ')}],`)
    .join('\n');
  const literal = `export const ESPEAK_PHONE_TEMPLATES: PhoneTemplateTable = {\n  means: {\n${means}\n  },\n  scale: [${table.scale.map(round).join(', ')}],\n};\n`;
  const source = readFileSync(TABLE_FILE, 'utf8');
  const start = source.indexOf('export const ESPEAK_PHONE_TEMPLATES');
  writeFileSync(TABLE_FILE, source.slice(0, start) + literal);
  console.log(`wrote ${Object.keys(table.means).length} class templates to ${path.relative(process.cwd(), TABLE_FILE)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
