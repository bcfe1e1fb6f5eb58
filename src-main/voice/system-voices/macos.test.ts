import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { macosSpeakCommand, macosVoices, parseSayVoices, sayQuality } from './macos.js';

const LISTING = readFileSync(new URL('./fixtures/say-voices-macos14.txt', import.meta.url), 'utf8');

describe('macOS say voices', () => {
  it("reads names with spaces and brackets, locales and samples from `say -v '?'`", () => {
    const listed = parseSayVoices(LISTING);
    expect(listed).toHaveLength(43);
    expect(listed).toContainEqual({ name: 'Bad News', locale: 'en_US', sample: 'Hello! My name is Bad News.' });
    expect(listed).toContainEqual({ name: 'Eddy (English (US))', locale: 'en_US', sample: 'Hello! My name is Eddy.' });
    expect(listed).toContainEqual({ name: 'Eddy (German (Germany))', locale: 'de_DE', sample: 'Hallo! Ich heiße Eddy.' });
    expect(listed.find((v) => v.name === 'Ava (Premium)')?.locale).toBe('en_US');
  });

  it('hints Premium and Enhanced voices as natural and Eloquence voices as robotic', () => {
    expect(sayQuality('Ava (Premium)')).toBe('premium');
    expect(sayQuality('Zoe (Enhanced)')).toBe('enhanced');
    expect(sayQuality('Samantha')).toBe('standard');
    expect(sayQuality('Eddy (English (US))')).toBe('basic');
  });

  it('offers our languages only, without the novelty voices, with ids naming the say voice', () => {
    const voices = macosVoices(parseSayVoices(LISTING));
    const ids = voices.map((v) => v.id);
    expect(ids).toContain('system:macos:say:Ava (Premium)');
    expect(ids).toContain('system:macos:say:Kyoko');
    expect(ids).not.toContain('system:macos:say:Whisper');
    expect(ids).not.toContain('system:macos:say:Bad News');
    // Swedish, Hebrew, Thai, Malay and Italian are not script languages we speak.
    expect(voices.some((v) => ['sv_SE', 'he_IL', 'th_TH', 'ms_MY', 'it_IT'].includes(v.locale))).toBe(false);
    expect(voices.find((v) => v.name === 'Lekha')?.language).toBe('hi');
    expect(voices.filter((v) => v.language === 'zh').map((v) => v.name)).toEqual(['Meijia', 'Sinji', 'Tingting']);
    expect(voices.find((v) => v.name === 'Paulina')).toMatchObject({ language: 'es', quality: 'standard' });
  });

  it('writes 16-bit WAV with say, reading the script from a file, never from the command line', () => {
    const voice = macosVoices(parseSayVoices(LISTING)).find((v) => v.name === 'Ava (Premium)')!;
    const text = 'Hello; rm -rf ~ "quoted" $(whoami)';
    const command = macosSpeakCommand(voice, { textFile: '/tmp/x/script.txt', audioFile: '/tmp/x/spoken.wav' });
    expect(command).toEqual({
      command: 'say',
      args: ['-v', 'Ava (Premium)', '-o', '/tmp/x/spoken.wav', '--file-format=WAVE', '--data-format=LEI16@22050', '-f', '/tmp/x/script.txt'],
    });
    expect(command.args.join(' ')).not.toContain(text);
  });
});
