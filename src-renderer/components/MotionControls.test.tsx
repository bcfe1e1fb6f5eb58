// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CreateDraft } from '../../src-shared/ipc/creator-channels.js';
import { ipcFail, ipcOk, type IpcResponse } from '../../src-shared/ipc/envelope.js';
import type { ResponseValue } from '../../src-shared/ipc/contract.js';
import { DRAFT_SAVE_DELAY_MS } from '../stores/create-store.js';
import { chooseFile, photoFile, PORTRAIT } from '../testing/photo-fixtures.js';
import { renderApp, resetPage, settle } from '../testing/render-app.js';
import type { FakeTransport } from '../testing/fake-transport.js';
import { motionSummary } from './MotionControls.js';

afterEach(() => {
  vi.useRealTimers();
  resetPage();
});

const PROJECT_ID = '30000000-0000-4000-8000-000000000001';
const JOB_ID = '40000000-0000-4000-8000-000000000001';
const PREVIEW: ResponseValue<'motion:preview'> = { video: { root: 'previews', path: 'p1.mp4' }, durationS: 2.9, width: 360, height: 640 };

const slider = (name: string) => screen.getByRole('slider', { name }) as HTMLInputElement;
const typeScript = (text: string) => fireEvent.change(screen.getByLabelText('Script'), { target: { value: text } });
const previewButton = () => screen.getByRole('button', { name: /^Preview/ }) as HTMLButtonElement;

async function openCreate(prepare?: (transport: FakeTransport) => void) {
  const context = renderApp('', (transport) => {
    transport
      .answer('photos:import', () => ipcOk(PORTRAIT))
      .answer('projects:create', () => ipcOk({ projectId: PROJECT_ID }))
      .answer('jobs:enqueue', () => ipcOk({ jobId: JOB_ID }))
      .answer('drafts:save', () => ipcOk({ savedAt: '2026-03-12T10:00:00.000Z' }));
    prepare?.(transport);
  });
  await settle();
  return context;
}

async function withPhotoAndScript(script = 'Hello everyone, welcome back to the channel. Today: three calm mornings.') {
  chooseFile(photoFile());
  await screen.findByRole('img', { name: 'Your photo, enhanced' });
  typeScript(script);
}

describe('the Create form’s Motion section', () => {
  it('is folded away with natural motion, and what the creator sets goes with the render; Reset gives the engine its choice back', async () => {
    const { transport } = await openCreate();
    const section = screen.getByText('Motion').closest('details')!;
    expect(section.open).toBe(false);
    expect(section.querySelector('summary')!.textContent).toBe('Motionnatural');
    fireEvent.click(section.querySelector('summary')!);

    expect(slider('Expressiveness').getAttribute('aria-valuetext')).toBe('1.0, natural');
    expect(slider('Head motion').getAttribute('aria-valuetext')).toBe('1.0, natural');
    expect(slider('Blinks a minute').getAttribute('aria-valuetext')).toBe('16 a minute');
    expect(screen.getByRole('button', { name: 'Neutral' }).getAttribute('aria-pressed')).toBe('true');
    expect((screen.getByRole('button', { name: 'Reset' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('checkbox', { name: 'Still head' }));
    expect(slider('Head motion').getAttribute('aria-valuetext')).toBe('Still head');
    fireEvent.change(slider('Expressiveness'), { target: { value: '15' } });
    fireEvent.change(slider('Blinks a minute'), { target: { value: '24' } });
    fireEvent.click(screen.getByRole('button', { name: 'Warm' }));
    expect(screen.getByRole('button', { name: 'Warm' }).getAttribute('aria-pressed')).toBe('true');
    expect(section.querySelector('summary')!.textContent).toBe('Motionwarm mood, still head, expression lively, 24 blinks a minute');

    await withPhotoAndScript('Meet our new trail shoe.');
    fireEvent.click(screen.getByRole('button', { name: 'Generate video' }));
    await waitFor(() => expect(transport.payloads('jobs:enqueue')).toHaveLength(1));
    expect(transport.payloads('jobs:enqueue')[0]).toEqual({
      projectId: PROJECT_ID,
      burnCaptions: false,
      coverTitle: false,
      trim: false,
      motion: { headMotion: 0, expressiveness: 1.5, blinkRate: 24, mood: 'warm' },
    });

    // The next video starts with the same motion; Reset hands every control back to the engine.
    fireEvent.click(screen.getByRole('link', { name: 'Create' }));
    await settle();
    expect(slider('Head motion').getAttribute('aria-valuetext')).toBe('Still head');
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(slider('Head motion').getAttribute('aria-valuetext')).toBe('1.0, natural');
    expect(screen.getByRole('button', { name: 'Neutral' }).getAttribute('aria-pressed')).toBe('true');
    await withPhotoAndScript('A second video.');
    fireEvent.click(screen.getByRole('button', { name: 'Generate video' }));
    await waitFor(() => expect(transport.payloads('jobs:enqueue')).toHaveLength(2));
    expect(transport.payloads('jobs:enqueue')[1]).not.toHaveProperty('motion');
  });

  it('is saved in the draft and comes back from it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { transport } = await openCreate();
    fireEvent.click(screen.getByRole('button', { name: 'Serious' }));
    fireEvent.change(slider('Head motion'), { target: { value: '5' } });
    await act(async () => void (await vi.advanceTimersByTimeAsync(DRAFT_SAVE_DELAY_MS)));
    expect(transport.payloads('drafts:save').at(-1)?.draft).toMatchObject({ motion: { mood: 'serious', headMotion: 0.5 } });
    vi.useRealTimers();
    resetPage();

    const draft: CreateDraft = {
      script: 'Back again.',
      language: 'en',
      workflowType: 'avatar_presentation',
      platforms: [],
      burnCaptions: false,
      coverTitle: false,
      trim: false,
      motion: { mood: 'serious', headMotion: 0, blinkRate: 8 },
    };
    renderApp('', (t) => t.answer('drafts:get', () => ipcOk({ draft, photo: null, savedAt: '2026-03-12T10:00:00.000Z' })));
    await settle();
    expect(screen.getByRole('button', { name: 'Serious' }).getAttribute('aria-pressed')).toBe('true');
    expect(slider('Head motion').getAttribute('aria-valuetext')).toBe('Still head');
    expect(slider('Blinks a minute').value).toBe('8');
    expect(slider('Expressiveness').getAttribute('aria-valuetext')).toBe('1.0, natural');
    expect(screen.getByText('serious mood, still head, 8 blinks a minute')).toBeTruthy();
  });

  it('Preview sends the photo, the script’s beginning and every motion value, then plays the clip in the form', async () => {
    let answer: (response: IpcResponse<ResponseValue<'motion:preview'>>) => void = () => undefined;
    const { transport } = await openCreate((t) => t.answer('motion:preview', () => new Promise((resolve) => (answer = resolve))));
    expect(previewButton().disabled).toBe(true);
    expect(screen.getByText('Add a photo to preview its motion.')).toBeTruthy();
    await withPhotoAndScript(`Hello everyone. ${'And then some more words. '.repeat(20)}`);
    fireEvent.click(screen.getByRole('button', { name: 'Warm' }));
    fireEvent.click(previewButton());
    await settle();
    expect(screen.getByText('Rendering a short preview on this computer…')).toBeTruthy();
    const [sent] = transport.payloads('motion:preview');
    expect(sent).toMatchObject({ photoToken: 'draft_portrait', language: 'en', motion: { expressiveness: 1, headMotion: 1, blinkRate: 16, mood: 'warm' } });
    expect(sent!.text!.startsWith('Hello everyone. And then')).toBe(true);
    expect(sent!.text!.length).toBeLessThanOrEqual(200);

    await act(async () => answer(ipcOk(PREVIEW)));
    const video = screen.getByLabelText('Motion preview') as HTMLVideoElement;
    expect(video.tagName).toBe('VIDEO');
    expect(video.getAttribute('src')).toBe('/media/previews/p1.mp4');
    // A changed control makes the preview out of date, and says so.
    fireEvent.click(screen.getByRole('button', { name: 'Serious' }));
    expect(screen.getByText('The motion changed since this preview: preview again to see it.')).toBeTruthy();
  });

  it('shows a failed preview’s sentence, and a second click replaces a preview still rendering', async () => {
    const answers: Array<(response: IpcResponse<ResponseValue<'motion:preview'>>) => void> = [];
    const { transport } = await openCreate((t) => t.answer('motion:preview', () => new Promise((resolve) => answers.push(resolve))).answer('motion:cancelPreview', () => ipcOk({})));
    await withPhotoAndScript();
    fireEvent.click(previewButton());
    await settle();
    expect(previewButton().textContent).toBe('Preview again');
    fireEvent.click(previewButton());
    await settle();
    expect(transport.payloads('motion:preview')).toHaveLength(2);
    // Main answers the replaced one CANCELLED, then the new one fails: only the failure shows.
    await act(async () => answers[0]!(ipcFail('CANCELLED', 'The preview was stopped.')));
    expect(screen.queryByRole('alert')).toBeNull();
    await act(async () => answers[1]!(ipcFail('NO_FACE', 'No face was found in this photo: choose a photo where one face looks at the camera.')));
    expect(screen.getByRole('alert').textContent).toBe('No face was found in this photo: choose a photo where one face looks at the camera.');
    expect(screen.queryByLabelText('Motion preview')).toBeNull();

    // Stop cancels in main, and nothing of the stopped one shows.
    fireEvent.click(previewButton());
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(transport.payloads('motion:cancelPreview')).toHaveLength(1);
    await act(async () => answers[2]!(ipcOk(PREVIEW)));
    expect(screen.queryByLabelText('Motion preview')).toBeNull();
    expect(previewButton().textContent).toBe('Preview 3 s');
  });
});

describe('motionSummary', () => {
  it('names only what differs from natural motion', () => {
    expect(motionSummary({ expressiveness: 1, headMotion: 1, blinkRate: 16, mood: 'neutral' })).toBe('natural');
    expect(motionSummary({ expressiveness: 0.5, headMotion: 1.6, blinkRate: 0, mood: 'neutral' })).toBe('head lively, expression subtle, no blinks');
  });
});
