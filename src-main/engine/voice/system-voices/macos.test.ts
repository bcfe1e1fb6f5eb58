import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { voiceChoices } from '../voice-catalog.js';
import { LIST_VOICES_SCRIPT, OSASCRIPT, parseAvSpeechVoices, SPEAK_SCRIPT } from './macos-personal.js';
import { macosSpeakCommand, macosVoices, parseSayVoices, sayQuality } from './macos.js';

const LISTING = readFileSync(new URL('./fixtures/say-voices-macos14.txt', import.meta.url), 'utf8');
/** AVSpeechSynthesizer's voices as macos-personal.ts's LIST_VOICES_SCRIPT prints them, a Personal Voice allowed. */
const AV_LISTING = readFileSync(new URL('./fixtures/avspeech-voices-macos14.json', import.meta.url), 'utf8');

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

  it("lists the creator's Personal Voice in a supported language, labelled as such, speakable by its identifier", () => {
    const av = parseAvSpeechVoices(AV_LISTING);
    expect(av.personalVoice).toBe('allowed');
    const voices = macosVoices(parseSayVoices(LISTING), av);
    const personal = voices.filter((v) => v.personal);
    expect(personal).toEqual([
      {
        id: 'system:macos:personal:Maya’s Voice',
        platform: 'macos',
        language: 'en',
        locale: 'en-US',
        name: 'com.apple.speech.personalvoice.6F1C1B0E-2A4D-4C7B-9E51-0D3A8B7F1C22',
        label: 'Maya’s Voice (Personal Voice)',
        quality: 'enhanced',
        personal: true,
      },
    ]);
    // Offered beside Ava (Premium), which stays the default: the creator's own voice is theirs to choose.
    const english = voiceChoices(voices, 'en');
    expect(english.find((v) => v.isDefault)?.id).toBe('system:macos:say:Ava (Premium)');
    expect(english.find((v) => v.personal)).toMatchObject({ id: 'system:macos:personal:Maya’s Voice', isDefault: false, engine: 'system' });
  });

  it("reads Enhanced and Premium from AVSpeechSynthesizer's quality where say's name does not say it", () => {
    const av = parseAvSpeechVoices(AV_LISTING);
    expect(av.voices.find((v) => v.name === 'Ava')).toMatchObject({ quality: 'premium', personal: false });
    const voices = macosVoices(parseSayVoices(LISTING), av);
    // `say` lists "Daniel" plainly; AVSpeechSynthesizer knows the download is the Enhanced one.
    expect(voices.find((v) => v.name === 'Daniel')?.quality).toBe('enhanced');
    expect(voices.find((v) => v.name === 'Samantha')?.quality).toBe('standard');
    expect(voices.find((v) => v.name === 'Ava (Premium)')?.quality).toBe('premium');
    // Without the listing (macOS before 14, osascript refused) say's voices are all there is.
    expect(macosVoices(parseSayVoices(LISTING)).some((v) => v.personal)).toBe(false);
    expect(macosVoices(parseSayVoices(LISTING)).find((v) => v.name === 'Daniel')?.quality).toBe('standard');
  });

  it('refuses a listing that is not the script’s JSON, and a Mac that never allowed its Personal Voice lists none', () => {
    expect(() => parseAvSpeechVoices('execution error: AVSpeechSynthesisVoice is not defined (-2700)')).toThrow();
    const denied = parseAvSpeechVoices(JSON.stringify({ personalVoice: 1, voices: [] }));
    expect(denied.personalVoice).toBe('denied');
    expect(macosVoices(parseSayVoices(LISTING), denied).some((v) => v.personal)).toBe(false);
  });

  it('speaks a Personal Voice through osascript, the voice, text file and output file passed in the environment', () => {
    const av = parseAvSpeechVoices(AV_LISTING);
    const voice = macosVoices(parseSayVoices(LISTING), av).find((v) => v.personal)!;
    const command = macosSpeakCommand(voice, { textFile: '/tmp/x/script.txt', audioFile: '/tmp/x/spoken.wav' });
    expect(command).toEqual({
      command: OSASCRIPT,
      args: ['-l', 'JavaScript', '-e', SPEAK_SCRIPT],
      env: { TP_VOICE: 'com.apple.speech.personalvoice.6F1C1B0E-2A4D-4C7B-9E51-0D3A8B7F1C22', TP_TEXT: '/tmp/x/script.txt', TP_OUT: '/tmp/x/spoken.wav' },
    });
    // Both scripts are at least JavaScript that parses (JXA itself runs only on a Mac).
    expect(() => new Function(SPEAK_SCRIPT)).not.toThrow();
    expect(() => new Function(LIST_VOICES_SCRIPT)).not.toThrow();
  });
});
