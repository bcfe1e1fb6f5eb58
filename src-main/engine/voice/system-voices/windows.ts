import { LIST_TIMEOUT_MS, languageOfLocale, runVoiceTool, systemVoiceId, type SpeakFiles, type SystemVoice, type SystemVoiceProvider, type ToolCommand } from './system-voice.js';

/**
 * Windows: SAPI 5 voices through System.Speech (.NET Framework, in every Windows
 * PowerShell 5.1) and the OneCore voices through Windows.Media.SpeechSynthesis (WinRT),
 * which holds the newer, more natural voices. PowerShell runs a script we wrote with the
 * voice, text file and output file as parameters: the script's text never passes through
 * a command line.
 */

const POWERSHELL = 'powershell.exe';
const POWERSHELL_ARGS = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command'];

/** Prints `SAPI<TAB>name<TAB>culture<TAB>gender` and `ONECORE<TAB>name<TAB>language<TAB>gender<TAB>id`, one voice a line. */
export const LIST_SCRIPT = [
  '$ErrorActionPreference = "Continue"',
  '[Console]::OutputEncoding = [Text.Encoding]::UTF8',
  'try { Add-Type -AssemblyName System.Speech; $s = New-Object System.Speech.Synthesis.SpeechSynthesizer;',
  '  foreach ($v in $s.GetInstalledVoices()) { if ($v.Enabled) { $i = $v.VoiceInfo; "SAPI`t$($i.Name)`t$($i.Culture.Name)`t$($i.Gender)" } }; $s.Dispose() } catch { }',
  'try { $null = [Windows.Media.SpeechSynthesis.SpeechSynthesizer, Windows.Media.SpeechSynthesis, ContentType = WindowsRuntime];',
  '  foreach ($v in [Windows.Media.SpeechSynthesis.SpeechSynthesizer]::AllVoices) { "ONECORE`t$($v.DisplayName)`t$($v.Language)`t$($v.Gender)`t$($v.Id)" } } catch { }',
].join('\n');

/** Speaks the UTF-8 file $env:TP_TEXT with $env:TP_VOICE into the WAV $env:TP_OUT. */
export const SAPI_SPEAK_SCRIPT = [
  '$ErrorActionPreference = "Stop"',
  'Add-Type -AssemblyName System.Speech',
  '$s = New-Object System.Speech.Synthesis.SpeechSynthesizer',
  '$s.SelectVoice($env:TP_VOICE)',
  '$format = New-Object System.Speech.AudioFormat.SpeechAudioFormatInfo(22050, [System.Speech.AudioFormat.AudioBitsPerSample]::Sixteen, [System.Speech.AudioFormat.AudioChannel]::Mono)',
  '$s.SetOutputToWaveFile($env:TP_OUT, $format)',
  '$s.Speak([IO.File]::ReadAllText($env:TP_TEXT, [Text.Encoding]::UTF8))',
  '$s.Dispose()',
].join('\n');

/** The same through WinRT: the stream SynthesizeTextToStreamAsync returns is a whole WAV file. */
export const ONECORE_SPEAK_SCRIPT = [
  '$ErrorActionPreference = "Stop"',
  'Add-Type -AssemblyName System.Runtime.WindowsRuntime',
  '$null = [Windows.Media.SpeechSynthesis.SpeechSynthesizer, Windows.Media.SpeechSynthesis, ContentType = WindowsRuntime]',
  '$asTask = [System.WindowsRuntimeSystemExtensions].GetMethods() | Where-Object { $_.Name -eq "AsTask" -and $_.GetParameters().Count -eq 1 -and $_.GetParameters()[0].ParameterType.Name -eq "IAsyncOperation`1" } | Select-Object -First 1',
  '$s = New-Object Windows.Media.SpeechSynthesis.SpeechSynthesizer',
  '$s.Voice = [Windows.Media.SpeechSynthesis.SpeechSynthesizer]::AllVoices | Where-Object { $_.Id -eq $env:TP_VOICE } | Select-Object -First 1',
  'if ($null -eq $s.Voice) { throw "voice not installed" }',
  '$op = $s.SynthesizeTextToStreamAsync([IO.File]::ReadAllText($env:TP_TEXT, [Text.Encoding]::UTF8))',
  '$task = $asTask.MakeGenericMethod([Windows.Media.SpeechSynthesis.SpeechSynthesisStream]).Invoke($null, @($op)); $task.Wait()',
  '$stream = [System.IO.WindowsRuntimeStreamExtensions]::AsStreamForRead($task.Result)',
  '$file = [IO.File]::Create($env:TP_OUT); $stream.CopyTo($file); $file.Close(); $stream.Close()',
].join('\n');

export interface WindowsListedVoice {
  engine: 'sapi' | 'onecore';
  name: string;
  locale: string;
  gender?: 'female' | 'male';
  /** OneCore's registry token id, the only name WinRT selects a voice by. */
  token?: string;
}

export function parseWindowsVoices(output: string): WindowsListedVoice[] {
  const voices: WindowsListedVoice[] = [];
  for (const line of output.split(/\r?\n/)) {
    const [kind, name, locale, gender, token] = line
      .replace(/^\uFEFF/, '')
      .split('\t')
      .map((field) => field.trim());
    if ((kind !== 'SAPI' && kind !== 'ONECORE') || !name || !locale) continue;
    const sex = gender?.toLowerCase();
    voices.push({
      engine: kind === 'SAPI' ? 'sapi' : 'onecore',
      name,
      locale,
      ...(sex === 'female' || sex === 'male' ? { gender: sex } : {}),
      ...(kind === 'ONECORE' && token ? { token } : {}),
    });
  }
  return voices;
}

export function windowsVoices(listed: readonly WindowsListedVoice[]): SystemVoice[] {
  return listed.flatMap((voice) => {
    const language = languageOfLocale(voice.locale);
    if (!language || (voice.engine === 'onecore' && !voice.token)) return [];
    // The "Natural" voices are neural; OneCore's and SAPI's others are the compact standard ones.
    const quality = /natural/i.test(voice.name) ? ('premium' as const) : ('standard' as const);
    return [
      {
        id: systemVoiceId('windows', voice.engine, voice.name),
        platform: 'windows' as const,
        language,
        locale: voice.locale,
        name: voice.engine === 'onecore' ? voice.token! : voice.name,
        label: voice.engine === 'onecore' ? voice.name : `${voice.name} (SAPI)`,
        ...(voice.gender ? { gender: voice.gender } : {}),
        quality,
      },
    ];
  });
}

/**
 * PowerShell reads its inputs from the environment (TP_VOICE, TP_TEXT, TP_OUT): no
 * quoting of a voice name or path into script text, and the script itself is constant.
 */
export function windowsSpeakCommand(voice: SystemVoice, files: SpeakFiles): ToolCommand {
  const onecore = voice.id.split(':')[2] === 'onecore';
  return {
    command: POWERSHELL,
    args: [...POWERSHELL_ARGS, onecore ? ONECORE_SPEAK_SCRIPT : SAPI_SPEAK_SCRIPT],
    env: { TP_VOICE: voice.name, TP_TEXT: files.textFile, TP_OUT: files.audioFile },
  };
}

export const windowsProvider: SystemVoiceProvider = {
  platform: 'windows',
  async list(options = {}) {
    const output = await runVoiceTool({ command: POWERSHELL, args: [...POWERSHELL_ARGS, LIST_SCRIPT] }, 'Windows speech', { signal: options.signal, timeoutMs: LIST_TIMEOUT_MS });
    return windowsVoices(parseWindowsVoices(output));
  },
  speakCommand: windowsSpeakCommand,
};
