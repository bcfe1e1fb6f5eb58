import { MAX_VOICE_ID_CHARS } from '../../../../src-shared/voices.js';
import { linuxProvider } from './linux.js';
import { macosProvider } from './macos.js';
import { windowsProvider } from './windows.js';
import type { SystemVoice, SystemVoiceProvider } from './system-voice.js';

export * from './system-voice.js';

/** The provider of this OS's voices; none on a platform without one (the BSDs, say). */
export function systemVoiceProvider(platform: NodeJS.Platform = process.platform): SystemVoiceProvider | undefined {
  if (platform === 'darwin') return macosProvider;
  if (platform === 'win32') return windowsProvider;
  if (platform === 'linux') return linuxProvider;
  return undefined;
}

/**
 * Listing spawns the OS tool (PowerShell takes about a second to start): answers are kept
 * a minute, so the picker, "Hear it" and a render asked together list once, and a voice
 * installed or removed meanwhile is seen at the next minute.
 */
const LISTING_TTL_MS = 60_000;
let cached: { at: number; provider: SystemVoiceProvider; voices: Promise<SystemVoice[]> } | undefined;

/**
 * The computer's voices in our languages; [] when the OS has none or its tool fails (the
 * built-in eSpeak voices are always there, so a broken speech service costs only these).
 */
export function listSystemVoices(options: { provider?: SystemVoiceProvider; fresh?: boolean; onError?: (error: unknown) => void } = {}): Promise<SystemVoice[]> {
  const provider = options.provider ?? systemVoiceProvider();
  if (!provider) return Promise.resolve([]);
  const now = Date.now();
  if (!options.fresh && cached && cached.provider === provider && now - cached.at < LISTING_TTL_MS) return cached.voices;
  // Ids longer than the contract carries (a very long voice name) cannot be chosen.
  const voices = provider
    .list()
    .then((all) => all.filter((voice) => voice.id.length <= MAX_VOICE_ID_CHARS))
    .catch((error: unknown) => {
      options.onError?.(error);
      // A failed listing is not kept: the next ask tries again.
      if (cached?.voices === voices) cached = undefined;
      return [];
    });
  cached = { at: now, provider, voices };
  return voices;
}

export async function findSystemVoice(id: string, options: { provider?: SystemVoiceProvider } = {}): Promise<SystemVoice | undefined> {
  return (await listSystemVoices(options)).find((voice) => voice.id === id);
}
