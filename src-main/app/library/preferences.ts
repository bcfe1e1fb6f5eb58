import { PreferencesChangeSchema, PreferencesSchema, type Preferences, type PreferencesChange } from '../../../src-shared/preferences.js';
import type { Library } from './open-library.js';
import { parseInput } from './project-input.js';
import { getSetting, setSetting } from './settings.js';

/** The creator's preferences, one validated record in the library's settings. */
const KEY = 'app.preferences';

export function readPreferences(library: Library): Preferences {
  const saved = getSetting(library, KEY);
  return PreferencesSchema.parse(typeof saved === 'object' && saved !== null ? saved : {});
}

/** Applies a change and answers the whole record as now saved; a bad change is refused whole. */
export function writePreferences(library: Library, change: PreferencesChange): Preferences {
  const valid = parseInput(PreferencesChangeSchema, change, 'preferences');
  const next = readPreferences(library);
  const merged = { ...next, ...Object.fromEntries(Object.entries(valid).filter(([, value]) => value !== undefined)) };
  // A voice belongs to a language: a new language without a voice starts from its first.
  if (valid.language !== undefined && valid.language !== next.language && valid.voice === undefined) merged.voice = null;
  // The per-language choices are merged, one language at a time; null forgets one.
  if (valid.voiceByLanguage) {
    const choices: Record<string, string> = { ...next.voiceByLanguage };
    for (const [language, voice] of Object.entries(valid.voiceByLanguage)) {
      if (voice === null || voice === undefined) delete choices[language];
      else choices[language] = voice;
    }
    merged.voiceByLanguage = choices;
  }
  const saved = PreferencesSchema.parse(merged);
  setSetting(library, KEY, saved);
  return saved;
}
