// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportedPhoto, ImportedRecording } from '../../src-shared/ipc/creator-channels.js';
import { ipcFail, ipcOk, type IpcResponse } from '../../src-shared/ipc/envelope.js';
import { MAX_AUDIO_BYTES, photoTooLargeMessage, recordingTooLargeMessage } from '../../src-shared/limits.js';
import { engineStatus } from '../testing/fixtures.js';
import { chooseFile, GROUP_PHOTO, JPEG_BYTES, photoFile, PORTRAIT, windowEvent } from '../testing/photo-fixtures.js';
import { renderApp, resetPage, settle } from '../testing/render-app.js';
import type { FakeTransport } from '../testing/fake-transport.js';

afterEach(() => {
  resetPage();
  vi.restoreAllMocks();
});

const PROJECT_ID = '30000000-0000-4000-8000-000000000001';
const JOB_ID = '40000000-0000-4000-8000-000000000001';

const pressed = (name: string) => screen.getByRole('button', { name }).getAttribute('aria-pressed');
const generateButton = () => screen.getByRole('button', { name: 'Generate video' }) as HTMLButtonElement;
const typeScript = (text: string) => fireEvent.change(screen.getByLabelText('Script'), { target: { value: text } });

/** The Create screen on a fake main that imports every photo as `photo` and queues whatever it is asked. */
async function openCreate(photo: ImportedPhoto = PORTRAIT, prepare?: (transport: FakeTransport) => void) {
  const context = renderApp('', (transport) => {
    transport
      .answer('photos:import', () => ipcOk(photo))
      .answer('projects:create', () => ipcOk({ projectId: PROJECT_ID }))
      .answer('jobs:enqueue', () => ipcOk({ jobId: JOB_ID }))
      // Main's estimate for a free local render on a 2-core machine: the form shows only main's figures.
      .answer('jobs:estimate', ({ scriptChars }) => ipcOk({ costUsd: 0, voiceSeconds: scriptChars / 17.5, renderMs: 20_000 + 2_000 * (scriptChars / 17.5), waitMs: 0, queued: 0, steps: [] }));
    prepare?.(transport);
  });
  await settle();
  return context;
}

async function importPhoto(file = photoFile()) {
  chooseFile(file);
  await screen.findByRole('img', { name: 'Your photo, enhanced' });
}

describe('the Create screen: the photo', () => {
  it('sends a chosen photo’s bytes, says what it is doing, then shows the enhanced photo with its face outlined and both quality scores', async () => {
    let answer: (response: IpcResponse<ImportedPhoto>) => void = () => undefined;
    const { transport } = await openCreate(PORTRAIT, (t) => t.answer('photos:import', () => new Promise((resolve) => (answer = resolve))));
    chooseFile(photoFile('portrait.jpg'));
    await screen.findByText('Checking portrait.jpg, finding faces and enhancing it…');
    expect(transport.payloads('photos:import')).toEqual([{ name: 'portrait.jpg', bytesBase64: Buffer.from(JPEG_BYTES).toString('base64') }]);

    await act(async () => answer(ipcOk(PORTRAIT)));
    const photo = await screen.findByRole('img', { name: 'Your photo, enhanced' });
    expect(photo.getAttribute('src')).toBe('/media/draftroot/enhanced.jpg');
    expect(screen.getByRole('status').textContent).toBe('');
    const outlines = document.querySelectorAll('.face-outline');
    expect(outlines).toHaveLength(1);
    expect([outlines[0]!.getAttribute('x'), outlines[0]!.getAttribute('width')]).toEqual(['240', '320']);
    // One face: nothing to pick, so no face buttons.
    expect(screen.queryByRole('button', { name: /^Face / })).toBeNull();
    expect(screen.getByText('Photo quality 6.4 → 8.1')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'As taken' }));
    expect(screen.getByRole('img', { name: 'Your photo as taken' }).getAttribute('src')).toBe('/media/draftroot/preview.jpg');
    expect(pressed('As taken')).toBe('true');
    expect(pressed('Enhanced')).toBe('false');
  });

  it('shows the sentence of a refused file in the drop zone and keeps the photo before it', async () => {
    let calls = 0;
    await openCreate(PORTRAIT, (t) =>
      t.answer('photos:import', () => (++calls === 1 ? ipcOk(PORTRAIT) : ipcFail('NOT_AN_IMAGE', 'This file is not a photo: choose a JPEG, PNG, WebP, HEIC or AVIF file.'))),
    );
    await importPhoto();
    chooseFile(photoFile('notes.jpg', new TextEncoder().encode('just words')));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('This file is not a photo: choose a JPEG, PNG, WebP, HEIC or AVIF file.');
    expect(alert.closest('.drop-zone')).not.toBeNull();
    expect(screen.getByRole('img', { name: 'Your photo, enhanced' })).toBeTruthy();
  });

  it('refuses a photo over 50 MB with intake’s own sentence, without sending its bytes', async () => {
    const { transport } = await openCreate();
    const huge = photoFile('huge.jpg');
    Object.defineProperty(huge, 'size', { value: 60 * 1024 * 1024 });
    chooseFile(huge);
    expect((await screen.findByRole('alert')).textContent).toBe(photoTooLargeMessage(60 * 1024 * 1024));
    expect(transport.payloads('photos:import')).toEqual([]);
  });

  it('takes a photo dropped anywhere on the window, showing a full-window overlay while it is dragged, or pasted', async () => {
    const { transport } = await openCreate();
    windowEvent('dragenter', [photoFile()]);
    await settle();
    expect(screen.getByText('Drop the photo to use it')).toBeTruthy();
    expect(windowEvent('dragover', [photoFile()]).defaultPrevented).toBe(true);

    const drop = windowEvent('drop', [photoFile('dropped.png')]);
    expect(drop.defaultPrevented).toBe(true);
    await screen.findByRole('img', { name: 'Your photo, enhanced' });
    expect(screen.queryByText('Drop the photo to use it')).toBeNull();

    expect(windowEvent('paste', [photoFile('image.png')]).defaultPrevented).toBe(true);
    await waitFor(() => expect(transport.payloads('photos:import').map((p) => p.name)).toEqual(['dropped.png', 'image.png']));
  });

  it('in the desktop app, Choose photo opens the file dialog and imports the path it returns', async () => {
    const desktop = { ...engineStatus, frontDoor: 'desktop' as const, capabilities: { nativeDialogs: true, showInFolder: true, recordings: false } };
    const { transport } = await openCreate(PORTRAIT, (t) =>
      t
        .answer('engine:status', () => ipcOk(desktop))
        .answer('dialog:pickPhoto', () => ipcOk({ path: '/home/me/Pictures/portrait.jpg' }))
        .answer('photos:importPath', () => ipcOk(PORTRAIT)),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Choose photo…' }));
    await screen.findByRole('img', { name: 'Your photo, enhanced' });
    expect(transport.payloads('photos:importPath')).toEqual([{ path: '/home/me/Pictures/portrait.jpg' }]);
    expect(transport.payloads('photos:import')).toEqual([]);
    // Recordings travel as bytes, so the desktop app takes them too.
    expect((screen.getByRole('checkbox', { name: 'Use my own recording' }) as HTMLInputElement).disabled).toBe(false);
  });

  it('with several faces makes each outline a button, and the face picked is the one sent to talk', async () => {
    const { transport } = await openCreate(GROUP_PHOTO);
    await importPhoto();
    expect(screen.getAllByRole('button', { name: /^Face \d of 3$/ })).toHaveLength(3);
    expect(pressed('Face 1 of 3')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Face 2 of 3' }));
    expect(pressed('Face 2 of 3')).toBe('true');
    expect(pressed('Face 1 of 3')).toBe('false');
    expect(document.querySelector('.face-outline.talking')?.getAttribute('x')).toBe(String(0.4 * 1600));

    typeScript('Hello from all of us.');
    fireEvent.click(generateButton());
    await waitFor(() => expect(transport.payloads('projects:create')).toHaveLength(1));
    expect(transport.payloads('projects:create')[0]).toMatchObject({ photoToken: 'draft_group', faceIndex: 1 });
  });
});

describe('the Create screen: Generate', () => {
  it('says what is missing until there is a photo and a script, and that the video is free', async () => {
    await openCreate();
    expect(generateButton().disabled).toBe(true);
    expect(screen.getByText('Add a photo first.')).toBeTruthy();
    await importPhoto();
    expect(screen.getByText('Type a script for the photo to say.')).toBeTruthy();
    typeScript('x'.repeat(5003));
    expect(screen.getByText('Shorten the script by 3 characters.')).toBeTruthy();
    typeScript('Meet our new trail shoe, made for muddy mornings.');
    expect(generateButton().disabled).toBe(false);
    expect(await screen.findByText('Free: made on this computer')).toBeTruthy();
    expect(await screen.findByText('Estimate: a few seconds of speech, about 25 s to make.')).toBeTruthy();
  });

  it('shows no figure of its own while main has not answered the estimate, and sends no cost with the project', async () => {
    const { transport } = await openCreate(PORTRAIT, (t) => t.answer('jobs:estimate', () => new Promise(() => undefined)));
    await importPhoto();
    typeScript('Meet our new trail shoe.');
    expect(await screen.findByText('Working out how long it takes to make…')).toBeTruthy();
    expect(screen.queryByText('Free: made on this computer')).toBeNull();
    fireEvent.click(generateButton());
    await waitFor(() => expect(transport.payloads('projects:create')).toHaveLength(1));
    expect(transport.payloads('projects:create')[0]).not.toHaveProperty('estimatedCostUsd');
  });

  it('shows main’s estimate for this machine and the wait behind the queue, asked again when the script changes', async () => {
    const { transport } = await openCreate(PORTRAIT, (t) =>
      t.answer('jobs:estimate', ({ scriptChars }) => ipcOk({ costUsd: 0, voiceSeconds: scriptChars / 14, renderMs: 95_000, waitMs: 130_000, queued: 2, steps: [] })),
    );
    await importPhoto();
    typeScript('Meet our new trail shoe, made for muddy mornings.');
    fireEvent.click(screen.getByRole('button', { name: 'TikTok' }));
    // On a busy machine the form's first estimate (before the script) may already have been
    // answered: wait for the one asked after the change, not just for any answer.
    await waitFor(() => expect(transport.payloads('jobs:estimate').at(-1)).toEqual({ scriptChars: 49, platforms: 1 }));
    expect(await screen.findByText('2 videos are ahead in the queue: yours starts in about 2 min.')).toBeTruthy();
    expect(await screen.findByText(/^Estimate: a few seconds of speech, about 2 min to make with the export kit\.$/)).toBeTruthy();
  });

  it('with cloud keys, says what each step costs and who does it, and the Generate button names the price', async () => {
    const { transport } = await openCreate(PORTRAIT, (t) =>
      t.answer('jobs:estimate', () =>
        ipcOk({
          costUsd: 0.54,
          voiceSeconds: 4,
          renderMs: 30_000,
          waitMs: 0,
          queued: 0,
          budgetUsd: 2,
          steps: [
            { capability: 'image_enhancement', provider: 'gemini-image', name: 'Gemini Flash Image', costUsd: 0.039 },
            { capability: 'video_generation', provider: 'd-id', name: 'D-ID', costUsd: 0.5 },
          ],
        }),
      ),
    );
    await importPhoto();
    typeScript('Meet our new trail shoe.');
    expect(await screen.findByText('About $0.54 with your cloud services')).toBeTruthy();
    expect(screen.getByText(/Photo: Gemini Flash Image, \$0\.04 · Video: D-ID, \$0\.50/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Generate for about $0.54' }));
    await waitFor(() => expect(transport.payloads('projects:create')).toHaveLength(1));
    expect(transport.payloads('projects:create')[0]).toMatchObject({ estimatedCostUsd: 0.54 });
  });

  it('queues the video at the size chosen in Settings', async () => {
    const { transport, stores } = await openCreate();
    await stores.settings.getState().setSize('720x1280');
    await importPhoto();
    typeScript('Meet our new trail shoe.');
    fireEvent.click(generateButton());
    await waitFor(() => expect(transport.payloads('jobs:enqueue')).toHaveLength(1));
    expect(transport.payloads('jobs:enqueue')[0]).toMatchObject({ width: 720, height: 1280 });
  });

  it('makes the project, queues it with the kit options, opens the Queue, and leaves a clean form for the next one', async () => {
    const { transport } = await openCreate();
    await importPhoto();
    typeScript('Meet our new trail shoe.');
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'Trail shoe' } });
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'product_demo' } });
    fireEvent.click(screen.getByRole('button', { name: 'TikTok' }));
    fireEvent.click(screen.getByRole('button', { name: 'LinkedIn' }));
    expect([pressed('TikTok'), pressed('LinkedIn'), pressed('YouTube (16:9)')]).toEqual(['true', 'true', 'false']);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Burn captions into the videos' }));
    // The creator sees main's estimate before pressing Generate; the project keeps its cost.
    await screen.findByText('Estimate: a few seconds of speech, about 25 s to make with the export kit.');
    fireEvent.click(generateButton());

    await waitFor(() => expect(window.location.hash).toBe('#/queue'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Queue');
    const order = transport.sent.map((s) => s.channel).filter((c) => c === 'projects:create' || c === 'jobs:enqueue');
    expect(order).toEqual(['projects:create', 'jobs:enqueue']);
    expect(transport.payloads('projects:create')).toEqual([
      {
        type: 'product_demo',
        photoToken: 'draft_portrait',
        language: 'en',
        platforms: ['tiktok', 'linkedin'],
        title: 'Trail shoe',
        script: 'Meet our new trail shoe.',
        estimatedCostUsd: 0,
      },
    ]);
    expect(transport.payloads('jobs:enqueue')).toEqual([{ projectId: PROJECT_ID, burnCaptions: true, coverTitle: false, trim: false }]);
    expect(transport.payloads('drafts:save').at(-1)).toEqual({ draft: null });

    fireEvent.click(screen.getByRole('link', { name: 'Create' }));
    await settle();
    expect((screen.getByLabelText('Script') as HTMLTextAreaElement).value).toBe('');
    expect(screen.queryByRole('img', { name: 'Your photo, enhanced' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Choose photo…' })).toBeTruthy();
    // The choices stay for the next video of a batch.
    expect(pressed('TikTok')).toBe('true');
  });

  it('shows why a project was refused and keeps the form; after a refused enqueue it queues the same project, not a second one', async () => {
    let enqueues = 0;
    const { transport } = await openCreate(PORTRAIT, (t) =>
      t.answer('jobs:enqueue', () => (++enqueues === 1 ? ipcFail('LIBRARY_UNAVAILABLE', 'The library could not be written: free some disk space and try again.') : ipcOk({ jobId: JOB_ID }))),
    );
    await importPhoto();
    typeScript('Hello.');
    fireEvent.click(generateButton());
    expect((await screen.findByRole('alert')).textContent).toBe('The library could not be written: free some disk space and try again.');
    expect(window.location.hash).not.toBe('#/queue');
    expect((screen.getByLabelText('Script') as HTMLTextAreaElement).value).toBe('Hello.');

    fireEvent.click(generateButton());
    await waitFor(() => expect(window.location.hash).toBe('#/queue'));
    expect(transport.payloads('projects:create')).toHaveLength(1);
    expect(transport.payloads('jobs:enqueue')).toHaveLength(2);
  });
});

describe('the Create screen: defaults', () => {
  it('starts from the language and platforms set in Settings, until the creator changes the form', async () => {
    const { transport } = await openCreate();
    fireEvent.click(screen.getByRole('link', { name: 'Settings' }));
    await settle();
    fireEvent.change(screen.getByLabelText('Default language'), { target: { value: 'es' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'YouTube Shorts' }));
    fireEvent.click(screen.getByRole('link', { name: 'Create' }));
    await settle();
    expect((screen.getByLabelText('Language') as HTMLSelectElement).value).toBe('es');
    expect(pressed('YouTube Shorts')).toBe('true');
    expect(transport.payloads('voices:list').at(-1)).toEqual({ language: 'es' });

    fireEvent.click(screen.getByRole('button', { name: 'TikTok' }));
    fireEvent.click(screen.getByRole('link', { name: 'Settings' }));
    await settle();
    fireEvent.click(screen.getByRole('checkbox', { name: 'LinkedIn' }));
    fireEvent.click(screen.getByRole('link', { name: 'Create' }));
    await settle();
    expect([pressed('YouTube Shorts'), pressed('TikTok'), pressed('LinkedIn')]).toEqual(['true', 'true', 'false']);
  });
});

describe('the Create screen: the voice', () => {
  it('Hear it plays the chosen language’s voice saying the script’s first sentence', async () => {
    const played: string[] = [];
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
      played.push(this.src);
      return Promise.resolve();
    });
    const { transport } = await openCreate(PORTRAIT, (t) =>
      t
        .answer('voices:list', ({ language }) =>
          ipcOk({
            voices: [
              { id: `${language}`, language: language ?? 'en', label: 'Standard', engine: 'espeak-ng', isDefault: true },
              { id: `${language}+f3`, language: language ?? 'en', label: 'Bright', engine: 'espeak-ng', isDefault: false },
            ],
          }),
        )
        .answer('voices:preview', () => ipcOk({ audio: { root: 'voices', path: 'clip.wav' }, durationS: 1.4 })),
    );
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'fr' } });
    await settle();
    fireEvent.change(screen.getByLabelText('Voice'), { target: { value: 'fr+f3' } });
    typeScript('Bonjour à tous.   Voici la suite.');
    fireEvent.click(screen.getByRole('button', { name: 'Hear it' }));
    await screen.findByRole('button', { name: 'Stop' });
    expect(transport.payloads('voices:preview')).toEqual([{ language: 'fr', voice: 'fr+f3', text: 'Bonjour à tous.' }]);
    expect(played).toHaveLength(1);
    expect(played[0]).toMatch(/\/media\/voices\/clip\.wav$/);
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(screen.getByRole('button', { name: 'Hear it' })).toBeTruthy();
  });
  it('makes the project with the voice picked, and no longer says the video uses the default voice', async () => {
    const { transport } = await openCreate(PORTRAIT, (t) =>
      t.answer('voices:list', () =>
        ipcOk({
          voices: [
            { id: 'en-us', language: 'en', label: 'English (US), male', engine: 'espeak-ng', isDefault: true },
            { id: 'en-gb', language: 'en', label: 'English (UK), male', engine: 'espeak-ng', isDefault: false },
          ],
        }),
      ),
    );
    await importPhoto();
    await settle();
    fireEvent.change(screen.getByLabelText('Voice'), { target: { value: 'en-gb' } });
    expect(screen.queryByText(/default voice for now/)).toBeNull();
    typeScript('Cheerio from London.');
    fireEvent.click(generateButton());
    await waitFor(() => expect(transport.payloads('projects:create')).toHaveLength(1));
    expect(transport.payloads('projects:create')[0]).toMatchObject({ language: 'en', voice: 'en-gb', script: 'Cheerio from London.' });
  });

  it('sends no voice for the language’s default, so the project keeps following it', async () => {
    const { transport } = await openCreate();
    await importPhoto();
    typeScript('Hello there.');
    fireEvent.click(generateButton());
    await waitFor(() => expect(transport.payloads('projects:create')).toHaveLength(1));
    expect(transport.payloads('projects:create')[0]).not.toHaveProperty('voice');
  });
});

describe('the Create screen: my own recording', () => {
  const TAKE: ImportedRecording = { recordingToken: 'rec_take2', name: 'take2.m4a', durationS: 12.4, preview: { root: 'recroot', path: 'voice.wav' } };
  const AUDIO_BYTES = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0x24, 0x00, 0x00, 0x00, 0x57, 0x41, 0x56, 0x45]);
  const audioFile = (name = 'take2.m4a', type = 'audio/mp4') => new File([AUDIO_BYTES], name, { type });
  const chooseRecording = (file: File) => fireEvent.change(screen.getByLabelText('Recording file'), { target: { files: [file] } });
  const useRecording = () => fireEvent.click(screen.getByRole('checkbox', { name: 'Use my own recording' }));

  it('sends a chosen recording’s bytes, shows its length and a player, takes the words for captions, and makes the project from its token', async () => {
    const { transport } = await openCreate(PORTRAIT, (t) => t.answer('recordings:import', () => ipcOk(TAKE)));
    await importPhoto();
    useRecording();
    expect(generateButton().disabled).toBe(true);
    expect(screen.getByText('Choose your recording, or let the computer voice read the script.')).toBeTruthy();

    chooseRecording(audioFile());
    await screen.findByLabelText('Play your recording');
    expect(transport.payloads('recordings:import')).toEqual([{ name: 'take2.m4a', bytesBase64: Buffer.from(AUDIO_BYTES).toString('base64') }]);
    expect(screen.getByLabelText('Recording length').textContent).toBe('12.4 s');
    expect(screen.getByLabelText('Play your recording').getAttribute('src')).toBe('/media/recroot/voice.wav');
    // The script is the words said in the recording now.
    expect(screen.queryByLabelText('Script')).toBeNull();
    fireEvent.change(screen.getByLabelText('Words you say (for captions)'), { target: { value: 'Hello, it is me.' } });

    await waitFor(() => expect(generateButton().disabled).toBe(false));
    fireEvent.click(generateButton());
    await waitFor(() => expect(transport.payloads('projects:create')).toHaveLength(1));
    const created = transport.payloads('projects:create')[0]!;
    expect(created).toMatchObject({ photoToken: PORTRAIT.photoToken, recordingToken: 'rec_take2', script: 'Hello, it is me.' });
    expect(created).not.toHaveProperty('audioPath');
    expect(created).not.toHaveProperty('voice');
  });

  it('plays the recording before and after its cleanup, and a ticked "Keep my raw take" renders it as recorded', async () => {
    const cleaned: ImportedRecording = { ...TAKE, rawPreview: { root: 'recroot', path: 'voice-raw.wav' } };
    const { transport } = await openCreate(PORTRAIT, (t) => t.answer('recordings:import', () => ipcOk(cleaned)));
    await importPhoto();
    useRecording();
    chooseRecording(audioFile());
    expect((await screen.findByLabelText('Hear your recording as recorded')).getAttribute('src')).toBe('/media/recroot/voice-raw.wav');
    expect(screen.getByLabelText('Hear your recording cleaned up').getAttribute('src')).toBe('/media/recroot/voice.wav');
    const keepRaw = screen.getByRole('checkbox', { name: /Keep my raw take/ }) as HTMLInputElement;
    expect(keepRaw.checked).toBe(false);

    fireEvent.click(keepRaw);
    await waitFor(() => expect(generateButton().disabled).toBe(false));
    fireEvent.click(generateButton());
    await waitFor(() => expect(transport.payloads('jobs:enqueue')).toHaveLength(1));
    expect(transport.payloads('jobs:enqueue')[0]).toMatchObject({ rawVoice: true });
    // The project keeps it too: a render again (a retry, a duplicate) keeps the raw take.
    expect(transport.payloads('projects:create')[0]).toMatchObject({ recordingToken: 'rec_take2', rawVoice: true });
  });

  it('renders a recording cleaned up unless the raw take is kept', async () => {
    const cleaned: ImportedRecording = { ...TAKE, rawPreview: { root: 'recroot', path: 'voice-raw.wav' } };
    const { transport } = await openCreate(PORTRAIT, (t) => t.answer('recordings:import', () => ipcOk(cleaned)));
    await importPhoto();
    useRecording();
    chooseRecording(audioFile());
    await screen.findByLabelText('Hear your recording cleaned up');
    await waitFor(() => expect(generateButton().disabled).toBe(false));
    fireEvent.click(generateButton());
    await waitFor(() => expect(transport.payloads('jobs:enqueue')).toHaveLength(1));
    expect(transport.payloads('jobs:enqueue')[0]).not.toHaveProperty('rawVoice');
    expect(transport.payloads('projects:create')[0]).not.toHaveProperty('rawVoice');
  });

  it('takes an audio file dropped on the window while the option is on, and shows a refusal at the recording field', async () => {
    const { transport } = await openCreate(PORTRAIT, (t) =>
      t.answer('recordings:import', (payload) =>
        payload.name === 'notes.wav' ? ipcFail('NOT_AN_AUDIO_FILE', 'This file is not an audio recording: use WAV, MP3, M4A, OGG/Opus or WebM.') : ipcOk(TAKE),
      ),
    );
    useRecording();
    windowEvent('drop', [audioFile('take2.m4a')]);
    await screen.findByLabelText('Play your recording');
    expect(transport.payloads('photos:import')).toEqual([]);

    chooseRecording(audioFile('notes.wav', 'audio/wav'));
    await waitFor(() => expect(transport.payloads('recordings:import').map((p) => p.name)).toEqual(['take2.m4a', 'notes.wav']));
    const alert = await screen.findByText('This file is not an audio recording: use WAV, MP3, M4A, OGG/Opus or WebM.');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(screen.getByLabelText('Recording file').getAttribute('aria-describedby')).toBe(alert.id);
    // The recording before it stays.
    expect(screen.getByLabelText('Play your recording')).toBeTruthy();
  });

  it('refuses a recording over the size limit without sending its bytes', async () => {
    const { transport } = await openCreate();
    useRecording();
    const huge = audioFile('long.wav', 'audio/wav');
    Object.defineProperty(huge, 'size', { value: MAX_AUDIO_BYTES + 1 });
    chooseRecording(huge);
    expect((await screen.findByText(recordingTooLargeMessage(MAX_AUDIO_BYTES + 1))).getAttribute('role')).toBe('alert');
    expect(transport.payloads('recordings:import')).toEqual([]);
  });
});
