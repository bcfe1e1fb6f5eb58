import type { EngineStatus } from '../../src-shared/ipc/engine-channels.js';
import { ipcOk } from '../../src-shared/ipc/envelope.js';
import type { AccountState } from '../../src-shared/ipc/account-channels.js';
import type { DiagnosticsOverview, Spend } from '../../src-shared/ipc/diagnostics-channels.js';
import type { ProviderRow, ProvidersAnswer } from '../../src-shared/ipc/provider-channels.js';
import type { SettingsAnswer } from '../../src-shared/ipc/settings-channels.js';
import type { UpdateState } from '../../src-shared/ipc/update-channels.js';
import { DEFAULT_PREFERENCES, PreferencesSchema } from '../../src-shared/preferences.js';
import type { ProjectSummaryView } from '../../src-shared/ipc/library-channels.js';
import type { QualityScoresReport, RenderReport } from '../../src-shared/report.js';
import { createAppStores, type AppStores } from '../stores/app-stores.js';
import type { ProjectDetailView } from '../stores/library-store.js';
import { FakeTransport } from './fake-transport.js';

/** Projects, jobs and an engine as main would describe them, for component tests. */

let counter = 0;
/** A fresh uuid-shaped id, so ids look like the library's. */
export function projectId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

export function projectSummary(changes: Partial<ProjectSummaryView> = {}): ProjectSummaryView {
  return {
    id: projectId(),
    type: 'avatar_presentation',
    status: 'completed',
    title: 'Welcome to the shop',
    scriptExcerpt: 'Welcome to the shop',
    language: 'en',
    targetDurationS: 10,
    platforms: ['tiktok', 'youtube-shorts'],
    hasVideo: true,
    hasKit: true,
    thumbnail: { root: 'library', path: 'thumbs/a.jpg' },
    error: null,
    createdAt: '2026-03-12T10:00:00.000Z',
    updatedAt: '2026-03-12T10:05:00.000Z',
    completedAt: '2026-03-12T10:05:00.000Z',
    ...changes,
  };
}

export function projectDetail(changes: Partial<ProjectDetailView> = {}): ProjectDetailView {
  return {
    ...projectSummary(),
    description: '',
    script: 'Welcome to the shop. Everything is half price today.',
    voice: null,
    preview: { root: 'library', path: 'previews/a.jpg' },
    video: null,
    enhancedPhoto: null,
    report: null,
    ...changes,
  };
}

export const engineStatus: EngineStatus = {
  app: { name: 'TalkingPhoto', version: '0.1.0' },
  frontDoor: 'host',
  runtime: { node: '20.19.0', platform: 'linux', arch: 'x64' },
  capabilities: { nativeDialogs: false, showInFolder: false, recordings: true },
  ffmpeg: { found: true, path: '/usr/bin/ffmpeg', source: 'PATH', version: '6.1.1' },
  ffprobe: { found: true, path: '/usr/bin/ffprobe', source: 'PATH', version: '6.1.1' },
  tts: { name: 'espeak-ng', version: '1.51', license: 'GPL-3.0-or-later', languages: ['en', 'de'] },
};

export const LIBRARY_FOLDER = '/home/me/.local/share/TalkingPhoto';

/**
 * Main's preferences as the settings channels keep them, in memory: `settings:set`
 * merges a change and answers the whole record, the way src-main/app/library/preferences.ts does.
 */
export function answerSettings(transport: FakeTransport, saved: Partial<SettingsAnswer['preferences']> = {}): FakeTransport {
  let preferences = PreferencesSchema.parse({ ...DEFAULT_PREFERENCES, ...saved });
  const library = { folder: LIBRARY_FOLDER, movingTo: null, problem: null };
  return transport
    .answer('settings:get', () => ipcOk({ preferences, library }))
    .answer('settings:set', (change) => {
      const voice = change.language !== undefined && change.language !== preferences.language && change.voice === undefined ? { voice: null } : {};
      preferences = PreferencesSchema.parse({ ...preferences, ...change, ...voice });
      return ipcOk({ preferences, library });
    });
}

const providerRow = (id: ProviderRow['id'], name: string, capabilities: ProviderRow['capabilities'], changes: Partial<ProviderRow> = {}): ProviderRow => ({
  id,
  name,
  capabilities,
  callable: true,
  notCallable: null,
  needsKey: true,
  key: 'not set',
  keySource: null,
  circuit: 'closed',
  price: { unit: 'image', usdPerUnit: 0.039 },
  tiers: ['free', 'starter', 'pro', 'enterprise'],
  health: { calls: 0, ok: 0, medianLatencyMs: null },
  spent30dUsd: 0,
  ...changes,
});

/** Settings → Providers as main describes a machine with no keys yet. */
export function providersAnswer(changes: Partial<ProvidersAnswer> = {}): ProvidersAnswer {
  return {
    providers: [
      providerRow('gemini-image', 'Gemini image (Nano Banana)', ['image_enhancement']),
      providerRow('ideogram', 'Ideogram', ['image_enhancement'], { price: { unit: 'image', usdPerUnit: 0.5 } }),
      providerRow('midjourney', 'Midjourney', ['image_enhancement'], { callable: false, notCallable: 'Midjourney has no official public API.' }),
      providerRow('elevenlabs', 'ElevenLabs', ['speech'], { price: { unit: '1000 characters', usdPerUnit: 0.1 } }),
      providerRow('local', 'On this computer', ['image_enhancement', 'speech', 'video_generation'], { needsKey: false, price: { unit: 'video', usdPerUnit: 0 } }),
    ],
    chains: { image_enhancement: ['gemini-image', 'ideogram', 'local'], speech: ['elevenlabs', 'local'], video_generation: ['local'] },
    tier: 'free',
    dailyCapUsd: 5,
    todaySpentUsd: 0,
    projectBudgetUsd: 0.1,
    keychain: true,
    ...changes,
  };
}

/** Settings → Account as main describes a signed-out machine on the free plan. */
export function accountState(changes: Partial<AccountState> = {}): AccountState {
  return { signedIn: false, email: null, tier: 'free', projectsThisMonth: 1, projectsPerMonth: 3, watermark: true, validUntil: null, problem: null, resetPending: false, ...changes };
}

/** Today's cloud spending as main reports it: nothing spent, the default $5 cap. */
export function spendAnswer(changes: Partial<Spend> = {}): Spend {
  return { todaySpentUsd: 0, monthSpentUsd: 0, dailyCapUsd: 5, alert: null, ...changes };
}

/** `diagnostics:overview` on a calm machine with a few renders behind it. */
export function diagnosticsOverview(changes: Partial<DiagnosticsOverview> = {}): DiagnosticsOverview {
  return {
    machine: {
      cores: 8,
      cpuPercent: 23,
      loadAverage: 1.4,
      memory: { totalBytes: 16e9, availableBytes: 9e9, usedPercent: 43.75 },
      disk: { folder: '/home/me/.local/share/TalkingPhoto', totalBytes: 500e9, freeBytes: 210e9, usedPercent: 58 },
    },
    renders: { byState: { queued: 0, running: 0, completed: 9, failed: 1, cancelled: 2 }, successRate: 0.9, averageRenderMs: 48_000, averagedOver: 9 },
    spend: spendAnswer(),
    slowSteps: [],
    warnings: [],
    measuredAt: Date.UTC(2026, 2, 12, 10),
    ...changes,
  };
}

/** Every store of a window on a fake transport that answers the start-up requests with an empty library and no draft. */
/** The app's update as main reports it; by default nothing found yet. */
export function updateState(changes: Partial<UpdateState> = {}): UpdateState {
  return { phase: 'idle', currentVersion: '0.1.0', version: null, percent: null, restartWhenIdle: false, message: null, checkedAt: null, ...changes };
}

export function testStores(): { transport: FakeTransport; stores: AppStores } {
  const transport = answerSettings(new FakeTransport())
    .answer('providers:list', () => ipcOk(providersAnswer()))
    .answer('account:get', () => ipcOk(accountState()))
    .answer('engine:status', () => ipcOk(engineStatus))
    .answer('diagnostics:overview', () => ipcOk(diagnosticsOverview()))
    .answer('diagnostics:spend', () => ipcOk(spendAnswer()))
    .answer('voices:list', () => ipcOk({ voices: [] }))
    .answer('jobs:list', () => ipcOk({ jobs: [] }))
    .answer('updates:get', () => ipcOk(updateState()))
    .answer('projects:list', () => ipcOk({ items: [], total: 0, nextCursor: null }))
    .answer('drafts:get', () => ipcOk({ draft: null, photo: null, savedAt: null }))
    .answer('drafts:save', ({ draft }) => ipcOk({ savedAt: draft ? '2026-03-12T10:00:00.000Z' : null }));
  const stores = createAppStores(transport, { location: window.location, addEventListener: window.addEventListener.bind(window), storage: window.localStorage, root: document.documentElement });
  return { transport, stores };
}

/** A finished render's report.json: stage timings and quality scores are what the window reads. */
export function renderReport(changes: { stages?: RenderReport['stages']; scores?: Partial<QualityScoresReport> } = {}): RenderReport {
  const stages = changes.stages ?? [
    { stage: 'intake', durationMs: 120 },
    { stage: 'face', durationMs: 900 },
    { stage: 'enhance', durationMs: 1500 },
    { stage: 'voice', durationMs: 700 },
    { stage: 'animate', durationMs: 4200 },
  ];
  const box = { x: 0, y: 0, width: 100, height: 100 };
  return {
    version: 1,
    createdAt: '2026-03-12T10:05:00.000Z',
    files: { video: 'video.mp4', enhancedPhoto: 'enhanced.jpg', report: 'report.json' },
    input: { photo: { name: 'me.jpg', format: 'jpeg', bytes: 1000, width: 800, height: 1000, downscaled: false } },
    output: {
      width: 720,
      height: 1280,
      fps: 25,
      frames: 250,
      durationS: 10,
      sizeBytes: 1_000_000,
      video: { codec: 'h264' },
      audio: { codec: 'aac' },
      faststart: true,
    },
    stages,
    totalMs: stages.reduce((sum, stage) => sum + stage.durationMs, 0),
    face: { box, boxInVideo: box, confidence: 0.98, facesFound: 1, others: [] },
    voice: { source: 'tts', durationS: 9.5, words: [], loudness: {} },
    quality: {
      image: { before: 6.1, after: 8.4, chosen: 'local', applied: [], details: { before: null, after: null } },
      scores: {
        image: 8.4,
        video: 7.9,
        overall: 8.2,
        thresholds: { image: 8, video: 7.5, overall: 8 },
        passed: true,
        below: [],
        videoParts: [],
        weak: [],
        ...changes.scores,
      },
    },
    motion: { expressiveness: 1, headMotion: 1, blinkRate: 16, mood: 'neutral', blinksPlanned: 3 },
    animation: { region: box, drawMs: 3000 },
    tools: { ffmpeg: { path: '/usr/bin/ffmpeg', source: 'PATH' }, ffprobe: { path: '/usr/bin/ffprobe', source: 'PATH' } },
  };
}
