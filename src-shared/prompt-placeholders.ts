import type { LanguageCode, WorkflowType } from './limits.js';

/**
 * The `{{name}}` placeholders export templates may use (src-shared/export-templates.ts),
 * and the one safe way to fill them. Values are the creator's own text (script, title), so
 * filling is a single pass: a value that happens to contain `{{tone}}` or `$&` is pasted
 * as written, never expanded again.
 */

export const PLACEHOLDERS = ['script', 'title', 'aspect', 'durationS', 'language', 'platform', 'tone'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/gu;

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/**
 * What is wrong with a template text, or null: an unknown placeholder, or braces that do
 * not form one (`{{ script`, `{{the-title}}`), which would otherwise reach a creator's
 * prompt unfilled.
 */
export function placeholderProblem(text: string): string | null {
  let unknown: string | null = null;
  const rest = text.replace(PLACEHOLDER, (match, name: string) => {
    if (!isPlaceholder(name)) unknown ??= match;
    return '';
  });
  if (unknown !== null) return `unknown placeholder ${unknown}; known are ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`;
  if (rest.includes('{{') || rest.includes('}}')) return 'stray {{ or }} that is not a placeholder';
  return null;
}

/** Fills every placeholder in one pass; throws on an unknown one (a bug in the template data). */
export function fillPlaceholders(template: string, values: PlaceholderValues): string {
  const problem = placeholderProblem(template);
  if (problem) throw new Error(`export template text: ${problem}`);
  return template.replace(PLACEHOLDER, (_match, name: Placeholder) => values[name]);
}

/**
 * How the speaker should sound, by workflow type: cloud tools take a delivery direction
 * in the prompt or voice settings. Adjectives only, so templates can write "sounding
 * {{tone}}" without an article to agree with.
 */
export const TONE_BY_WORKFLOW: Record<WorkflowType, string> = {
  product_demo: 'upbeat and friendly',
  avatar_presentation: 'confident, warm and professional',
  lifestyle_content: 'relaxed, casual and personal',
  educational: 'calm, patient and clear',
};

/** English names, because every tool's language menu lists them in English. */
export const LANGUAGE_NAMES: Record<LanguageCode, string> = {
  en: 'English',
  hi: 'Hindi',
  es: 'Spanish',
  fr: 'French',
  de: 'German',
  ja: 'Japanese',
  ko: 'Korean',
  zh: 'Chinese (Mandarin)',
};
