import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIST_SCRIPT, ONECORE_SPEAK_SCRIPT, SAPI_SPEAK_SCRIPT, parseWindowsVoices, windowsSpeakCommand, windowsVoices } from './windows.js';

const LISTING = readFileSync(new URL('./fixtures/powershell-voices-win11.txt', import.meta.url), 'utf8');

describe('Windows SAPI and OneCore voices', () => {
  it("reads the listing script's tab-separated lines (CRLF, a byte-order mark) into SAPI and OneCore voices", () => {
    const listed = parseWindowsVoices(`\uFEFF${LISTING}`);
    expect(listed).toHaveLength(12);
    expect(listed[0]).toEqual({ engine: 'sapi', name: 'Microsoft David Desktop', locale: 'en-US', gender: 'male' });
    expect(listed.find((v) => v.name === 'Microsoft Zira')).toEqual({
      engine: 'onecore',
      name: 'Microsoft Zira',
      locale: 'en-US',
      gender: 'female',
      token: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Speech_OneCore\\Voices\\Tokens\\MSTTS_V110_enUS_ZiraM',
    });
  });

  it('keeps our languages, hints the Natural voices as the best, and selects OneCore voices by their token', () => {
    const voices = windowsVoices(parseWindowsVoices(LISTING));
    expect(voices.some((v) => v.locale === 'ru-RU')).toBe(false);
    expect(voices.find((v) => v.id === 'system:windows:onecore:Microsoft Aria (Natural)')).toMatchObject({ quality: 'premium', language: 'en', gender: 'female' });
    expect(voices.find((v) => v.id === 'system:windows:sapi:Microsoft Zira Desktop')).toMatchObject({ quality: 'standard', label: 'Microsoft Zira Desktop (SAPI)', name: 'Microsoft Zira Desktop' });
    expect(voices.find((v) => v.id === 'system:windows:onecore:Microsoft Huihui')).toMatchObject({ language: 'zh', name: expect.stringMatching(/MSTTS_V110_zhCN_HuihuiM$/) });
    expect(voices.find((v) => v.id === 'system:windows:sapi:Microsoft Haruka Desktop')?.language).toBe('ja');
  });

  it('passes the voice, the script file and the output to a constant PowerShell script through the environment', () => {
    const voices = windowsVoices(parseWindowsVoices(LISTING));
    const files = { textFile: 'C:\\Temp\\tp\\script.txt', audioFile: 'C:\\Temp\\tp\\spoken.wav' };
    const sapi = windowsSpeakCommand(
      voices.find((v) => v.id.endsWith('Microsoft Zira Desktop'))!,
      files,
    );
    expect(sapi.command).toBe('powershell.exe');
    expect(sapi.args).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', SAPI_SPEAK_SCRIPT]);
    expect(sapi.env).toEqual({ TP_VOICE: 'Microsoft Zira Desktop', TP_TEXT: files.textFile, TP_OUT: files.audioFile });
    expect(sapi.stdin).toBeUndefined();
    const onecore = windowsSpeakCommand(
      voices.find((v) => v.id.endsWith('Microsoft Aria (Natural)'))!,
      files,
    );
    expect(onecore.args.at(-1)).toBe(ONECORE_SPEAK_SCRIPT);
    expect(onecore.env?.TP_VOICE).toMatch(/MSTTS_V110_enUS_AriaNeural$/);
    // The scripts read their inputs from the environment only, and SAPI writes 22.05 kHz 16-bit mono.
    for (const script of [SAPI_SPEAK_SCRIPT, ONECORE_SPEAK_SCRIPT]) expect(script).toMatch(/\$env:TP_TEXT[\s\S]*\$env:TP_OUT|\$env:TP_OUT[\s\S]*\$env:TP_TEXT/);
    expect(SAPI_SPEAK_SCRIPT).toContain('SpeechAudioFormatInfo(22050');
    expect(LIST_SCRIPT).toContain('GetInstalledVoices()');
    expect(LIST_SCRIPT).toContain('SpeechSynthesizer]::AllVoices');
  });
});
