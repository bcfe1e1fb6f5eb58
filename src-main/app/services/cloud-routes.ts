import { ProviderAttemptReportSchema, type RenderReport } from '../../../src-shared/report.js';
import type { ProviderSession } from '../../cloud/providers/provider-session.js';
import type { CloudRoutes } from '../../engine/pipeline/cloud-port.js';
import { routePhoto, routeVoice, type CloudStages } from './cloud-stages.js';
import { routeVideo } from './cloud-video.js';

/**
 * The engine's cloud port (engine/pipeline/cloud-port.ts) over one provider session: each
 * render's steps plan their routes through the session's router, and what they planned,
 * tried and spent goes into that render's report.
 */
export function cloudRoutes(session: ProviderSession): CloudRoutes {
  return {
    forRender({ workDir, signal, speech }) {
      const stages: CloudStages = { session, workDir, signal, used: { image: 'local', speech, video: 'local' } };
      return {
        photo: (photo) => routePhoto(stages, photo),
        voice: (text, speakLocally, voiceId, language) => routeVoice(stages, text, speakLocally, voiceId, language),
        video: (input) => routeVideo(stages, input),
        report: () => ({ ...providersReport(session), used: stages.used }),
      };
    },
  };
}

/** The session's plans and attempts as report.json keeps them: no job ids, never a key. */
function providersReport(session: ProviderSession): Omit<NonNullable<RenderReport['providers']>, 'used'> {
  const { tier, plans, attempts, spentUsd } = session.report();
  return { tier, spentUsd, plans, attempts: attempts.map((a) => ProviderAttemptReportSchema.parse(a)) };
}
