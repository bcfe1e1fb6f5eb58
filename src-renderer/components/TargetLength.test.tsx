// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportedRecording } from '../../src-shared/ipc/creator-channels.js';
import { ipcOk } from '../../src-shared/ipc/envelope.js';
import { chooseFile, photoFile, PORTRAIT } from '../testing/photo-fixtures.js';
import { renderApp, resetPage, settle } from '../testing/render-app.js';

afterEach(() => {
  resetPage();
  vi.restoreAllMocks();
});

const PROJECT_ID = '30000000-0000-4000-8000-000000000001';
const JOB_ID = '40000000-0000-4000-8000-000000000001';
/** About 14 s of the built-in English voice (46 words). */
const LONG_SCRIPT = Array.from({ length: 46 }, (_, i) => (i % 7 === 6 ? 'shoe.' : 'running')).join(' ');

const generateButton = () => screen.getByRole('button', { name: 'Generate video' }) as HTMLButtonElement;
const typeScript = (text: string) => fireEvent.change(screen.getByLabelText('Script'), { target: { value: text } });
const setTarget = (value: string) => fireEvent.change(screen.getByLabelText('Target length (seconds)'), { target: { value } });
const checkLine = () => document.getElementById('target-length-check')!.textContent;

const TAKE: ImportedRecording = { recordingToken: 'rec_take2', name: 'take2.m4a', durationS: 14.2, preview: { root: 'recroot', path: 'voice.wav' } };

async function openCreateWithPhoto() {
  const context = renderApp('', (t) =>
    t
      .answer('photos:import', () => ipcOk(PORTRAIT))
      .answer('recordings:import', () => ipcOk(TAKE))
      .answer('projects:create', () => ipcOk({ projectId: PROJECT_ID }))
      .answer('jobs:enqueue', () => ipcOk({ jobId: JOB_ID })),
  );
  await settle();
  chooseFile(photoFile());
  await screen.findByRole('img', { name: 'Your photo, enhanced' });
  return context;
}

describe('the Create form: target length', () => {
  it('estimates the speech as the script is typed and says how much to cut; Generate waits until it fits', async () => {
    await openCreateWithPhoto();
    expect(checkLine()).toBe('Leave empty for a video as long as the script.');
    typeScript(LONG_SCRIPT);
    expect(checkLine()).toBe('About 14 s of speech.');
    expect(generateButton().disabled).toBe(false);

    setTarget('10');
    expect(checkLine()).toBe('About 14 s of speech for a 10 s video: cut about 14 words.');
    expect(screen.getByLabelText('Target length (seconds)').getAttribute('aria-invalid')).toBe('true');
    expect(generateButton().disabled).toBe(true);
    // Generate says why it waits, in the same words.
    expect(screen.getAllByText('About 14 s of speech for a 10 s video: cut about 14 words.').length).toBeGreaterThan(1);

    // Cutting the words it said brings the script within the target.
    typeScript(LONG_SCRIPT.split(' ').slice(0, 32).join(' '));
    expect(checkLine()).toBe('About 10 s of speech: fits the 10 s target.');
    expect(generateButton().disabled).toBe(false);
  });

  it('a script a little over its target is said, not refused, and the project keeps the target', async () => {
    const { transport } = await openCreateWithPhoto();
    typeScript(LONG_SCRIPT);
    setTarget('13');
    expect(checkLine()).toBe('About 14 s of speech for a 13 s video: cut about 4 words.');
    expect(generateButton().disabled).toBe(false);
    fireEvent.click(generateButton());
    await waitFor(() => expect(transport.payloads('projects:create')).toHaveLength(1));
    expect(transport.payloads('projects:create')[0]).toMatchObject({ targetDurationS: 13, script: LONG_SCRIPT });
  });

  it('says the same of a recording longer than the target, in seconds to cut', async () => {
    await openCreateWithPhoto();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Use my own recording' }));
    fireEvent.change(screen.getByLabelText('Recording file'), { target: { files: [new File([new Uint8Array([0x52, 0x49, 0x46, 0x46])], 'take2.m4a', { type: 'audio/mp4' })] } });
    await screen.findByLabelText('Play your recording');
    expect(checkLine()).toBe('About 14 s of speech.');
    setTarget('10');
    expect(checkLine()).toBe('About 14 s of speech for a 10 s video: cut about 5 seconds from the recording.');
    expect(generateButton().disabled).toBe(true);
    setTarget('15');
    expect(checkLine()).toBe('About 14 s of speech: fits the 15 s target.');
    expect(generateButton().disabled).toBe(false);
  });

  it('takes only 1–60 s, and an empty field means as long as the script', async () => {
    const { transport } = await openCreateWithPhoto();
    typeScript('Meet our new trail shoe.');
    setTarget('90');
    expect(checkLine()).toBe('A whole number of seconds from 1 to 60, or empty for as long as the script.');
    setTarget('');
    expect(checkLine()).toBe('About 2 s of speech.');
    fireEvent.click(generateButton());
    await waitFor(() => expect(transport.payloads('projects:create')).toHaveLength(1));
    expect(transport.payloads('projects:create')[0]).not.toHaveProperty('targetDurationS');
  });
});
