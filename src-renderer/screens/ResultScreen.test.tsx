// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ipcOk } from '../../src-shared/ipc/envelope.js';
import type { ProjectSummaryView } from '../../src-shared/ipc/library-channels.js';
import type { FakeTransport } from '../testing/fake-transport.js';
import { engineStatus, projectDetail, projectSummary, renderReport } from '../testing/fixtures.js';
import { GUIDE_TEXT, kitFileRef, kitManifest, projectMedia, serveKitTexts, TIKTOK_POST } from '../testing/kit-fixtures.js';
import { renderApp, resetPage, settle } from '../testing/render-app.js';

afterEach(() => {
  resetPage();
  vi.unstubAllGlobals();
  Reflect.deleteProperty(navigator, 'clipboard');
});

const PROJECT_ID = '00000000-0000-4000-8000-0000000000aa';

/** The window opened at `#/project/<id>` on a finished project with a kit, unless `prepare` answers otherwise. */
async function openResult(prepare?: (transport: FakeTransport) => void) {
  const context = renderApp(`#/project/${PROJECT_ID}`, (transport) => {
    transport
      .answer('projects:get', ({ projectId }) => ipcOk(projectDetail({ id: projectId, title: 'Spring sale', enhancedPhoto: { root: 'r1', path: 'enhanced.jpg' }, report: renderReport() })))
      .answer('projects:media', () => ipcOk(projectMedia()));
    serveKitTexts(transport);
    prepare?.(transport);
  });
  await settle();
  await settle();
  return context;
}

const tab = (name: string) => screen.getByRole('tab', { name: new RegExp(`^${name}`) });
const panel = () => screen.getByRole('tabpanel');

describe('the result screen', () => {
  it('loads the project from #/project/<id> through projects:get and projects:media, with its video, photo and scores', async () => {
    const { transport } = await openResult();
    expect(transport.payloads('projects:get')).toContainEqual({ projectId: PROJECT_ID });
    expect(transport.payloads('projects:media')).toEqual([{ projectId: PROJECT_ID }]);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Spring sale');
    expect(document.title).toBe('Spring sale · Result · TalkingPhoto');

    const video = screen.getByLabelText('Video: Spring sale') as HTMLVideoElement;
    expect(video.tagName).toBe('VIDEO');
    expect(video.getAttribute('src')).toBe('/media/r00000000001/assets/video.mp4');
    expect(video.hasAttribute('controls')).toBe(true);
    // Its first frame shows at once, not a grey box, through the same media route.
    expect(video.getAttribute('poster')).toBe('/media/r00000000001/derived/ab/cd/video.poster.jpg');
    expect(screen.getByRole('img', { name: 'Your photo after enhancement' }).getAttribute('src')).toBe('/media/r00000000001/assets/enhanced.jpg');
    expect(screen.getAllByRole('row').map((row) => row.textContent)).toContain('Overall8.28.0');
  });

  it('shows one tab per platform and moves between them with the arrow keys, Home and End', async () => {
    await openResult();
    const tablist = screen.getByRole('tablist', { name: 'Platforms' });
    expect(
      within(tablist)
        .getAllByRole('tab')
        .map((t) => t.textContent),
    ).toEqual(['TikTok', 'LinkedIn1 issue']);
    expect(tab('TikTok').getAttribute('aria-selected')).toBe('true');
    expect(tab('LinkedIn').getAttribute('tabindex')).toBe('-1');
    expect(panel().getAttribute('aria-labelledby')).toBe(tab('TikTok').id);

    tab('TikTok').focus();
    fireEvent.keyDown(tab('TikTok'), { key: 'ArrowRight' });
    await settle();
    expect(tab('LinkedIn').getAttribute('aria-selected')).toBe('true');
    expect(tab('TikTok').getAttribute('aria-selected')).toBe('false');
    expect(document.activeElement).toBe(tab('LinkedIn'));
    expect(panel().getAttribute('aria-labelledby')).toBe(tab('LinkedIn').id);
    expect(within(panel()).getByText('Copied from the master, without encoding again')).toBeTruthy();

    // Past the last tab it wraps to the first; Home and End jump.
    fireEvent.keyDown(tab('LinkedIn'), { key: 'ArrowRight' });
    await settle();
    expect(document.activeElement).toBe(tab('TikTok'));
    fireEvent.keyDown(tab('TikTok'), { key: 'ArrowLeft' });
    await settle();
    expect(document.activeElement).toBe(tab('LinkedIn'));
    fireEvent.keyDown(tab('LinkedIn'), { key: 'Home' });
    await settle();
    expect(tab('TikTok').getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(tab('TikTok'), { key: 'End' });
    await settle();
    expect(tab('LinkedIn').getAttribute('aria-selected')).toBe('true');
  });

  it('shows the rendition: a playable video with its size, frame rate and length, and its cover', async () => {
    await openResult();
    const video = within(panel()).getByLabelText('TikTok video');
    expect(video.getAttribute('src')).toBe(`/media/${kitFileRef('video/tiktok.mp4').root}/${kitFileRef('video/tiktok.mp4').path}`);
    // The kit's WebVTT rides along as the video's captions.
    expect(video.querySelector('track[kind="captions"]')?.getAttribute('src')).toContain(kitFileRef('captions/captions.vtt').path);
    const facts = panel().querySelector('dl')!.textContent;
    expect(facts).toContain('1080×1920');
    expect(facts).toContain('30 fps');
    expect(facts).toContain('9.6 s');
    expect(facts).toContain('Encoded for TikTok');
    expect(within(panel()).getByRole('img', { name: 'Cover image for TikTok' })).toBeTruthy();
  });

  it('lists a failed check first with its sentence, marked in words and not by colour alone', async () => {
    await openResult();
    fireEvent.click(tab('LinkedIn'));
    await settle();
    const checks = within(panel())
      .getAllByRole('listitem')
      .filter((item) => item.classList.contains('check-item'));
    expect(checks[0]!.textContent).toBe('!Failed duration: 12.0 s is longer than the 10 s LinkedIn allows here: cut the script or turn on trimming.');
    expect(checks[0]!.className).toContain('failed');
    expect(checks[1]!.textContent).toBe('✓Passed video codec: h264 yuv420p');
    expect(within(panel()).getByText('1 of 2 checks failed: LinkedIn may refuse or reduce this video.')).toBeTruthy();
  });

  it('copies the post text with one click and says Copied in a polite live region', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await openResult();
    const status = panel().querySelector('[aria-live="polite"]')!;
    expect(status.textContent).toBe('');

    fireEvent.click(within(panel()).getByRole('button', { name: 'Copy' }));
    await settle();
    expect(writeText).toHaveBeenCalledWith(TIKTOK_POST);
    expect(status.textContent).toBe('Copied');
  });

  it('selects the post text for Ctrl+C when the clipboard is refused, and says so', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async () => Promise.reject(new DOMException('denied', 'NotAllowedError')) }, configurable: true });
    await openResult();
    fireEvent.click(within(panel()).getByRole('button', { name: 'Copy' }));
    await settle();
    expect(window.getSelection()?.toString()).toBe(TIKTOK_POST.trimEnd());
    expect(panel().querySelector('[aria-live="polite"]')!.textContent).toMatch(/^Copying was not allowed here: the text is selected/);
  });

  it('shows captions as lines of plain text with their times: markup in a cue shows as typed', async () => {
    await openResult();
    const cues = panel().querySelectorAll('.cue-list li');
    expect([...cues].map((cue) => cue.textContent)).toEqual(['0:00.0–0:02.4Everything is <b>half price</b>', '0:02.4–0:04.8this week only.']);
    expect(panel().querySelector('.cue-list b')).toBeNull();
  });

  it('lists the upload steps as a numbered list', async () => {
    await openResult();
    const steps = panel().querySelector('ol.upload-steps')!;
    expect([...steps.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['Open TikTok and tap +.', 'Choose video/tiktok.mp4.', 'Paste the post text and publish.']);
  });

  it('says where a kit text cannot be read and offers the file instead', async () => {
    const manifest = kitManifest();
    const [tiktok] = manifest.renditions as Record<string, unknown>[];
    tiktok!.postText = 'post-text/tiktok-lost.txt';
    await openResult((transport) =>
      transport.serveText(kitFileRef('captions/captions.vtt'), 'WEBVTT\n').answer('projects:media', () => ipcOk(projectMedia({ manifest, extraFiles: ['post-text/tiktok-lost.txt'] }))),
    );
    const postText = within(panel()).getByRole('region', { name: 'Post text' });
    expect(postText.textContent).toContain('This file is no longer in your library');
    expect(within(postText).getByRole('link', { name: 'Download the post text' }).getAttribute('download')).toBe('post-text-tiktok-lost.txt');
    // A caption file without cues: a recording made without its words written out.
    expect(within(panel()).getByText(/^No captions/)).toBeTruthy();
  });

  it('lists the cloud-tool guides and opens one as plain preformatted text', async () => {
    const { transport } = await openResult();
    const guides = screen.getByRole('region', { name: 'Guides for cloud tools' });
    expect(guides.textContent).toContain('HeyGen: Product demo avatar');
    const facts = [...guides.querySelectorAll('dt')].map((term) => `${term.textContent}: ${term.nextElementSibling?.textContent}`);
    expect(facts).toEqual(['Difficulty: Beginner', 'Time: about 15 min', 'Tools required: HeyGen account', 'For: TikTok, LinkedIn']);
    const show = within(guides).getByRole('button', { name: 'Show guide for HeyGen' });
    expect(show.getAttribute('aria-expanded')).toBe('false');
    expect(transport.textsRead.some((url) => url.endsWith('guides_heygen-product-demo_md'))).toBe(false);

    fireEvent.click(show);
    await settle();
    expect(show.getAttribute('aria-expanded')).toBe('true');
    const text = within(guides).getByRole('region', { name: 'HeyGen guide' });
    expect(text.tagName).toBe('PRE');
    expect(text.textContent).toBe(GUIDE_TEXT.trimEnd());
    expect(guides.querySelector('script')).toBeNull();
  });

  it('offers every kit file as a download on its own', async () => {
    await openResult();
    const save = screen.getByRole('region', { name: 'Save the kit' });
    const link = within(save).getByRole('link', { name: 'post-text/tiktok.txt' });
    expect(link.getAttribute('download')).toBe('post-text-tiktok.txt');
    expect(link.getAttribute('href')).toBe(`/media/${kitFileRef('post-text/tiktok.txt').root}/${kitFileRef('post-text/tiktok.txt').path}`);
  });

  it('has main zip the kit on request, then offers kit.zip to save', async () => {
    const zipRef = { root: 'cache-root', path: 'cache/kit-zips/kit-1.zip' };
    const { transport } = await openResult((t) => t.answer('projects:kitZip', () => ipcOk({ zip: zipRef, bytes: 12_300_000 })));
    const save = screen.getByRole('region', { name: 'Save the kit' });
    fireEvent.click(within(save).getByRole('button', { name: 'Save kit as zip' }));
    await settle();
    expect(transport.payloads('projects:kitZip')).toHaveLength(1);
    const zip = within(save).getByRole('link', { name: 'Save kit.zip (12.3 MB)' });
    expect(zip.getAttribute('download')).toBe('kit.zip');
    expect(zip.getAttribute('href')).toBe(`/media/${zipRef.root}/${zipRef.path}`);
  });

  it('in the desktop app, Show in folder saves the kit where the creator chooses and says where; the browser has no such button', async () => {
    const { transport } = await openResult((t) =>
      t
        .answer('engine:status', () => ipcOk({ ...engineStatus, frontDoor: 'desktop', capabilities: { nativeDialogs: true, showInFolder: true, recordings: true } }))
        .answer('projects:saveKit', () => ipcOk({ folder: '/home/me/Videos/Spring sale kit', files: 14 })),
    );
    const save = screen.getByRole('region', { name: 'Save the kit' });
    fireEvent.click(within(save).getByRole('button', { name: 'Show in folder…' }));
    await settle();
    expect(transport.payloads('projects:saveKit')).toEqual([{ projectId: PROJECT_ID }]);
    expect(within(save).getByText('Saved in /home/me/Videos/Spring sale kit and shown in your file manager.')).toBeTruthy();

    resetPage();
    await openResult();
    expect(within(screen.getByRole('region', { name: 'Save the kit' })).queryByRole('button', { name: 'Show in folder…' })).toBeNull();
  });

  it('shows what the cloud services cost and why the router moved on from one', async () => {
    const attempt = { retries: 0, actualCostUsd: null, latencyMs: 1200, qualityScore: null, estimatedCostUsd: 0.5 };
    const report = {
      ...renderReport(),
      providers: {
        tier: 'starter',
        spentUsd: 0.5,
        plans: [],
        used: { image: 'local', speech: 'local', video: 'd-id' },
        attempts: [
          { ...attempt, provider: 'heygen', capability: 'video_generation', outcome: 'failed', reason: 'transient', message: 'HeyGen is not answering right now.', chargedUsd: 0 },
          { ...attempt, provider: 'd-id', capability: 'video_generation', outcome: 'succeeded', reason: null, message: null, chargedUsd: 0.5 },
        ],
      },
    };
    await openResult((t) => t.answer('projects:get', ({ projectId }) => ipcOk(projectDetail({ id: projectId, title: 'Spring sale', report }))));
    const quality = screen.getByRole('region', { name: 'Quality' });
    expect(within(quality).getByRole('heading', { name: 'Cloud services: $0.50' })).toBeTruthy();
    expect(within(quality).getByText('Video, HeyGen: HeyGen is not answering right now.')).toBeTruthy();
    expect(within(quality).getByText('Video, D-ID: $0.50')).toBeTruthy();
  });

  it('leaves out a manifest entry that does not read, and says so', async () => {
    const manifest = { renditions: [{ platform: 'tiktok', width: 'wide' }], guides: 'none' };
    await openResult((transport) => transport.answer('projects:media', () => ipcOk(projectMedia({ manifest }))));
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(screen.getByText(/Part of this kit’s list could not be read \(2 entries\)/)).toBeTruthy();
    expect(screen.getByText('This kit lists no platform’s video.')).toBeTruthy();
  });

  it('points a finished project without a kit to Create', async () => {
    await openResult((transport) => transport.answer('projects:media', () => ipcOk(projectMedia({ kit: null }))));
    const kit = screen.getByRole('region', { name: 'Export kit' });
    expect(kit.textContent).toContain('No export kit was made with this video.');
    fireEvent.click(within(kit).getByRole('button', { name: 'Go to Create' }));
    await settle();
    expect(window.location.hash).toBe('#/create');
  });

  it('shows a failed project’s sentence, and Retry queues it with jobs:enqueue', async () => {
    const error = { code: 'NO_FACE', message: 'No face was found in this photo: choose a photo where a face is clearly visible.' };
    const { transport } = await openResult((fake) =>
      fake
        .answer('projects:get', ({ projectId }) => ipcOk(projectDetail({ id: projectId, title: 'Lesson one', status: 'failed', error })))
        .answer('projects:media', () => ipcOk({ ...projectMedia({ kit: null }), enhanced: null, video: null }))
        .answer('jobs:enqueue', () => ipcOk({ jobId: '30000000-0000-4000-8000-000000000001' })),
    );
    expect(screen.getByRole('alert').textContent).toContain(error.message);
    expect(screen.queryByRole('region', { name: 'Export kit' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await settle();
    expect(transport.payloads('jobs:enqueue')).toEqual([{ projectId: PROJECT_ID }]);
    expect(screen.getByText(/Queued again\./)).toBeTruthy();

    // The retry finishes: the screen asks again and shows what it made.
    transport.answer('projects:get', ({ projectId }) => ipcOk(projectDetail({ id: projectId, title: 'Lesson one', report: renderReport() }))).answer('projects:media', () => ipcOk(projectMedia()));
    transport.emit('job:finished', { jobId: '30000000-0000-4000-8000-000000000001', projectId: PROJECT_ID, state: 'completed' });
    await settle();
    await settle();
    expect(screen.getByRole('tablist', { name: 'Platforms' })).toBeTruthy();
  });

  it('says so when the project cannot be opened', async () => {
    await openResult((transport) => transport.answer('projects:get', () => ({ ok: false, error: { code: 'PROJECT_NOT_FOUND', message: 'That project is no longer in your library.' } })));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Project unavailable');
    expect(screen.getByRole('alert').textContent).toBe('That project is no longer in your library.');
  });
});

describe('ways to the result', () => {
  const listed = (items: ProjectSummaryView[]) => ipcOk({ items, total: items.length, nextCursor: null });

  it('opens from a library card’s title, which shows the project’s picture', async () => {
    const summary = projectSummary({ title: 'Spring sale', thumbnail: { root: 'r2', path: 'thumb.jpg' } });
    renderApp('#/library', (transport) => {
      transport.answer('projects:list', () => listed([summary])).answer('projects:get', ({ projectId }) => ipcOk(projectDetail({ id: projectId })));
      transport.answer('projects:media', () => ipcOk(projectMedia()));
    });
    await settle();
    const card = screen.getByRole('link', { name: 'Spring sale' }).closest('li')!;
    expect(card.querySelector('img')?.getAttribute('src')).toBe('/media/r2/thumb.jpg');
    fireEvent.click(screen.getByRole('link', { name: 'Spring sale' }));
    await settle();
    expect(window.location.hash).toBe(`#/project/${summary.id}`);
  });

  it('opens from the library’s detail panel', async () => {
    const summary = projectSummary({ title: 'Spring sale' });
    renderApp(`#/library/${summary.id}`, (transport) => {
      transport
        .answer('projects:list', () => listed([summary]))
        .answer('projects:get', ({ projectId }) => ipcOk(projectDetail({ ...summary, id: projectId, enhancedPhoto: { root: 'r3', path: 'enhanced.jpg' } })))
        .answer('projects:media', () => ipcOk(projectMedia()));
    });
    await settle();
    const panel = screen.getByRole('complementary', { name: 'Spring sale' });
    expect(within(panel).getByRole('img', { name: 'The photo after enhancement' }).getAttribute('src')).toBe('/media/r3/enhanced.jpg');
    fireEvent.click(within(panel).getByRole('button', { name: 'Open' }));
    await settle();
    expect(window.location.hash).toBe(`#/project/${summary.id}`);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Spring sale');
  });

  it('opens from a finished job in the queue', async () => {
    const summary = projectSummary({ title: 'Spring sale' });
    renderApp('#/queue', (transport) => {
      transport
        .answer('jobs:list', () => ipcOk({ jobs: [{ id: '30000000-0000-4000-8000-000000000002', projectId: summary.id, state: 'completed', priority: 0, attempts: 1, lastError: null }] }))
        .answer('projects:list', () => listed([summary]))
        .answer('projects:get', ({ projectId }) => ipcOk(projectDetail({ ...summary, id: projectId })))
        .answer('projects:media', () => ipcOk(projectMedia()));
    });
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Open result of Spring sale' }));
    await settle();
    expect(window.location.hash).toBe(`#/project/${summary.id}`);
  });
});
