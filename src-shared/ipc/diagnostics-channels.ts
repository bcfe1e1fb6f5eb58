import { z } from 'zod';
import { JOB_STATES } from '../library.js';
import { NoPayload, requestChannel } from './channel.js';
import { MediaRefSchema } from './media-ref.js';

/**
 * The diagnostics page (SPEC §7): this machine's load, how renders have gone, what the
 * cloud cost, the seed's thresholds as warnings, and the bundle a bug report attaches.
 */

const WarningSchema = z.object({
  kind: z.enum(['cpu', 'memory', 'disk', 'ai_step']),
  figure: z.number(),
  threshold: z.number(),
  message: z.string(),
});

export const SpendAlertSchema = z.object({
  percent: z.number(),
  todaySpentUsd: z.number(),
  dailyCapUsd: z.number(),
  message: z.string(),
});

export const SpendSchema = z.object({
  todaySpentUsd: z.number(),
  monthSpentUsd: z.number(),
  dailyCapUsd: z.number(),
  /** Today at 80 % of the cap or more; null below. */
  alert: SpendAlertSchema.nullable(),
});
export type Spend = z.output<typeof SpendSchema>;

export const MachineSchema = z.object({
  cores: z.number(),
  /** Busy share of all cores over a short sample; null where the OS gives no counters. */
  cpuPercent: z.number().nullable(),
  /** The 1-minute load average; 0 on Windows, which has none. */
  loadAverage: z.number(),
  memory: z.object({ totalBytes: z.number(), availableBytes: z.number(), usedPercent: z.number() }),
  /** The volume holding the library; null where the OS would not say. */
  disk: z.object({ folder: z.string(), totalBytes: z.number(), freeBytes: z.number(), usedPercent: z.number() }).nullable(),
});
export type Machine = z.output<typeof MachineSchema>;

export const RenderFiguresSchema = z.object({
  byState: z.object(Object.fromEntries(JOB_STATES.map((s) => [s, z.number()])) as Record<(typeof JOB_STATES)[number], z.ZodNumber>),
  /** Completed ÷ (completed + failed), 0–1; null before any render finished. */
  successRate: z.number().nullable(),
  /** Mean wall time of the recent completed renders; null before the first. */
  averageRenderMs: z.number().nullable(),
  /** How many completed renders the average is over. */
  averagedOver: z.number(),
});
export type RenderFigures = z.output<typeof RenderFiguresSchema>;

export const DiagnosticsOverviewSchema = z.object({
  machine: MachineSchema,
  renders: RenderFiguresSchema,
  spend: SpendSchema,
  slowSteps: z.array(z.object({ providerName: z.string(), what: z.string(), latencyMs: z.number(), at: z.number() })),
  warnings: z.array(WarningSchema),
  measuredAt: z.number(),
});
export type DiagnosticsOverview = z.output<typeof DiagnosticsOverviewSchema>;

export const DIAGNOSTICS_REQUESTS = {
  'diagnostics:overview': requestChannel(NoPayload, DiagnosticsOverviewSchema),
  /** Today's and this month's cloud spending and the 80 % alert: cheap, for the banners. */
  'diagnostics:spend': requestChannel(NoPayload, SpendSchema),
  /**
   * "Save diagnostics bundle…": the desktop app asks where with a save dialog and writes
   * there (`file`); the host writes it into the library's cache and shares it for the page
   * to download (`download`). Nothing chosen: both null.
   */
  'diagnostics:saveBundle': requestChannel(NoPayload, z.object({ file: z.string().nullable(), download: MediaRefSchema.nullable(), bytes: z.number(), entries: z.array(z.string()) })),
} as const;
