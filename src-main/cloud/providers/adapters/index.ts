import { PROVIDER_CATALOG, type ProviderId } from '../../../../src-shared/providers.js';
import type { ProviderAdapter } from '../provider-types.js';
import type { AdapterOptions } from './adapter-http.js';
import { createDidVideoProvider } from './d-id.js';
import { createElevenLabsSpeech } from './elevenlabs.js';
import { createGeminiImageEditor } from './gemini-image.js';
import { createHeyGenVideoProvider } from './heygen.js';
import { createIdeogramEditor } from './ideogram.js';
import { createRunwayVideoProvider } from './runway.js';
import { createVeoVideoProvider } from './veo.js';

/**
 * Every cloud provider's adapter, made from its key. The base URL is the provider's own
 * unless `TALKINGPHOTO_<PROVIDER>_BASE_URL` points elsewhere (a self-hosted gateway, or a
 * test's fake server). The local engine is not here: the pipeline supplies it per step.
 */

const FACTORIES: Partial<Record<ProviderId, (options: AdapterOptions) => ProviderAdapter>> = {
  'gemini-image': createGeminiImageEditor,
  ideogram: createIdeogramEditor,
  veo: createVeoVideoProvider,
  runway: createRunwayVideoProvider,
  heygen: (options) => createHeyGenVideoProvider({ ...options, ...(options.baseUrl ? { uploadBaseUrl: options.baseUrl } : {}) }),
  'd-id': createDidVideoProvider,
  elevenlabs: createElevenLabsSpeech,
};

export function makeAdapter(provider: ProviderId, apiKey: string, env: NodeJS.ProcessEnv = process.env): ProviderAdapter | null {
  const factory = FACTORIES[provider];
  if (!factory) return null;
  const override = PROVIDER_CATALOG[provider].env?.baseUrl;
  const baseUrl = override ? env[override]?.trim() : undefined;
  return factory({ apiKey, ...(baseUrl ? { baseUrl } : {}) });
}
