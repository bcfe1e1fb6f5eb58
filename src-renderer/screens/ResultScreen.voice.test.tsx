// @vitest-environment happy-dom
import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ipcOk } from '../../src-shared/ipc/envelope.js';
import type { RenderReport } from '../../src-shared/report.js';
import { projectDetail, renderReport } from '../testing/fixtures.js';
import { projectMedia } from '../testing/kit-fixtures.js';
import { renderApp, resetPage, settle } from '../testing/render-app.js';

afterEach(() => resetPage());

const PROJECT_ID = '00000000-0000-4000-8000-0000000000bb';

async function openWith(report: RenderReport) {
  renderApp(`#/project/${PROJECT_ID}`, (transport) => {
    transport.answer('projects:get', ({ projectId }) => ipcOk(projectDetail({ id: projectId, title: 'Spring sale', report }))).answer('projects:media', () => ipcOk(projectMedia({ kit: null })));
  });
  await settle();
  await settle();
}

const GONE = 'The voice "Ava (Premium)" is no longer on this computer, so the built-in voice "English (US), male" spoke instead.';

describe('the result screen’s voice', () => {
  it('says when the chosen computer voice was gone and the built-in voice spoke instead', async () => {
    const report = renderReport();
    await openWith({ ...report, tools: { ...report.tools, tts: { name: 'espeak-ng', voice: 'en-us', fallback: GONE } } });
    expect(screen.getByRole('status').textContent).toBe(GONE);
  });

  it('says nothing about the voice when the chosen one spoke', async () => {
    const report = renderReport();
    await openWith({ ...report, tools: { ...report.tools, tts: { name: 'system:macos', voice: 'system:macos:say:Ava (Premium)' } } });
    expect(screen.queryByText(/no longer on this computer/)).toBeNull();
    expect(screen.queryByText(/Your recording/)).toBeNull();
  });

  it('says what the cleanup did to the creator’s recording, or that the raw take was kept', async () => {
    const report = renderReport();
    const cleaned = {
      rawKept: false,
      applied: true,
      highPassHz: 80,
      noiseReductionDb: 11.8,
      noiseFloorDbfs: { before: -51.6, after: -63.4 },
      deEss: { share: 0.02, maxReductionDb: 2.4 },
      speechShare: 0.65,
      loudness: { beforeLufs: -27.7, afterLufs: -14.3, truePeakAfterDbtp: -1.4 },
    };
    await openWith({ ...report, voice: { ...report.voice, source: 'recording', cleanup: cleaned } });
    expect(
      screen.getByText(
        'Your recording, cleaned up: background noise down 11.8 dB, rumble below 80 Hz filtered, harsh “s” sounds softened by up to 2.4 dB; its loudness brought from -27.7 LUFS to -14.3 LUFS, peaking at -1.4 dBTP.',
      ),
    ).toBeTruthy();

    resetPage();
    const raw = { ...cleaned, rawKept: true, applied: false, highPassHz: null, noiseReductionDb: null, noiseFloorDbfs: null, deEss: null, speechShare: null };
    await openWith({ ...report, voice: { ...report.voice, source: 'recording', cleanup: raw } });
    expect(screen.getByText(/^Your recording as you recorded it \(you kept the raw take\), its loudness brought from -27\.7 LUFS to -14\.3 LUFS/)).toBeTruthy();
  });
});
