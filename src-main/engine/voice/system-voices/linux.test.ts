import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linuxProvider, linuxSpeakCommand, linuxVoicesOf, parseSpdModules, parseSpdVoices } from './linux.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('Linux speech-dispatcher voices (recorded listings)', () => {
  it('reads the output modules from `spd-say -O`', () => {
    expect(parseSpdModules(fixture('spd-say-modules.txt'))).toEqual(['flite', 'espeak-ng']);
  });

  it('reads right-aligned names with spaces, languages and variants from `spd-say -L`', () => {
    const listed = parseSpdVoices(fixture('spd-say-espeak-ng.txt'));
    expect(listed[0]).toEqual({ name: 'Afrikaans', language: 'af', variant: 'none' });
    expect(listed).toContainEqual({ name: 'English (Received Pronunciation)', language: 'en-GB-X-RP', variant: 'none' });
    expect(listed).toContainEqual({ name: 'Chinese (Mandarin, latin as English)', language: 'cmn', variant: 'none' });
    expect(listed).toContainEqual({ name: 'English (America)+Boris', language: 'en-US', variant: 'Boris' });
    expect(parseSpdVoices(fixture('spd-say-flite.txt'))).toEqual([{ name: 'kal16', language: 'en', variant: 'none' }]);
  });

  it("offers eSpeak's base voices of our languages (not its 13,000 variants) and each Flite voice", () => {
    const espeak = linuxVoicesOf('espeak-ng', parseSpdVoices(fixture('spd-say-espeak-ng.txt')));
    expect(espeak.every((v) => !v.name.includes('+'))).toBe(true);
    expect(espeak.find((v) => v.id === 'system:linux:espeak-ng:English (America)')).toMatchObject({ language: 'en', locale: 'en-US', quality: 'basic' });
    // Both Cantonese entries share a name: one choice.
    expect(espeak.filter((v) => v.name === 'Chinese (Cantonese)')).toHaveLength(1);
    expect(new Set(espeak.map((v) => v.language))).toEqual(new Set(['en', 'hi', 'es', 'fr', 'de', 'ja', 'ko', 'zh']));
    expect(linuxVoicesOf('flite', parseSpdVoices(fixture('spd-say-flite.txt')))).toEqual([
      { id: 'system:linux:flite:kal16', platform: 'linux', language: 'en', locale: 'en', name: 'kal16', label: 'kal16 (Flite)', gender: 'male', quality: 'basic' },
    ]);
    expect(linuxVoicesOf('sd_unknown_module', parseSpdVoices(fixture('spd-say-flite.txt')))).toEqual([]);
  });

  it("speaks with the module's own engine CLI, the script read from a file or stdin", () => {
    const files = { textFile: '/w/script.txt', audioFile: '/w/spoken.wav' };
    const [rp] = linuxVoicesOf('espeak-ng', [{ name: 'English (Received Pronunciation)', language: 'en-GB-X-RP', variant: 'none' }]);
    expect(linuxSpeakCommand(rp!, files, 'Hi')).toEqual({ command: 'espeak-ng', args: ['-v', 'en-gb-x-rp', '-w', '/w/spoken.wav', '-f', '/w/script.txt'] });
    const [kal] = linuxVoicesOf('flite', [{ name: 'kal16', language: 'en', variant: 'none' }]);
    expect(linuxSpeakCommand(kal!, files, 'Hi')).toEqual({ command: 'flite', args: ['-voice', 'kal16', '-f', '/w/script.txt', '-o', '/w/spoken.wav'] });
    const [pico] = linuxVoicesOf('pico', [{ name: 'en-GB', language: 'en-GB', variant: 'none' }]);
    expect(linuxSpeakCommand(pico!, files, 'Hi "you"')).toEqual({ command: 'pico2wave', args: ['-l', 'en-GB', '-w', '/w/spoken.wav'], stdin: 'Hi "you"' });
  });
});

// Real: speech-dispatcher with its Flite and eSpeak NG modules (.ci/run installs them from Debian).
describe('Linux speech-dispatcher voices (this machine)', () => {
  it('lists the installed modules’ voices through spd-say', async () => {
    const voices = await linuxProvider.list();
    expect(voices.find((v) => v.id === 'system:linux:flite:kal16')).toMatchObject({ language: 'en', quality: 'basic' });
    expect(voices.find((v) => v.id === 'system:linux:espeak-ng:German')).toMatchObject({ language: 'de' });
  }, 60_000);
});
