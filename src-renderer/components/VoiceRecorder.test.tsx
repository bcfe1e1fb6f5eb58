// @vitest-environment happy-dom
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportedRecording } from '../../src-shared/ipc/creator-channels.js';
import { ipcOk } from '../../src-shared/ipc/envelope.js';
import { MAX_VOICE_SECONDS } from '../../src-shared/limits.js';
import { renderApp, resetPage, settle } from '../testing/render-app.js';
import { RECORDER_PROBLEMS } from '../voice-recording.js';

/**
 * The microphone as a browser offers it, played by doubles: getUserMedia hands out a
 * stream whose track remembers being stopped, MediaRecorder records WebM/Opus and gives
 * its bytes on stop, and an AudioContext hears a steady tone for the level meter.
 */
const RECORDED_BYTES = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]);

class FakeTrack extends EventTarget {
  readonly kind = 'audio';
  stopped = false;
  stop(): void {
    this.stopped = true;
  }
}

class FakeMediaRecorder extends EventTarget {
  static instances: FakeMediaRecorder[] = [];
  static isTypeSupported = (type: string): boolean => type === 'audio/webm;codecs=opus';
  state: 'inactive' | 'recording' = 'inactive';
  readonly mimeType: string;
  constructor(
    readonly stream: unknown,
    options?: { mimeType?: string },
  ) {
    super();
    this.mimeType = options?.mimeType ?? 'audio/webm';
    FakeMediaRecorder.instances.push(this);
  }
  start(): void {
    this.state = 'recording';
  }
  stop(): void {
    this.state = 'inactive';
    // A browser hands over the data and says it stopped in later tasks, not inside stop().
    setTimeout(() => {
      this.dispatchEvent(Object.assign(new Event('dataavailable'), { data: new Blob([RECORDED_BYTES], { type: this.mimeType }) }));
      this.dispatchEvent(new Event('stop'));
    }, 0);
  }
}

class FakeAudioContext {
  state = 'running';
  createAnalyser() {
    return { fftSize: 2048, getFloatTimeDomainData: (samples: Float32Array) => samples.fill(0.5) };
  }
  createMediaStreamSource() {
    return { connect: () => undefined };
  }
  async close(): Promise<void> {}
}

let tracks: FakeTrack[] = [];
const getUserMedia = vi.fn(async (_constraints: MediaStreamConstraints): Promise<unknown> => {
  const track = new FakeTrack();
  tracks.push(track);
  return { getTracks: () => [track], getAudioTracks: () => [track] };
});

function installMicrophone(): void {
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia } });
  Object.assign(globalThis, { MediaRecorder: FakeMediaRecorder, AudioContext: FakeAudioContext });
}

function removeMicrophone(): void {
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: undefined });
  const scope = globalThis as { MediaRecorder?: unknown; AudioContext?: unknown };
  delete scope.MediaRecorder;
  delete scope.AudioContext;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], shouldAdvanceTime: true });
  vi.setSystemTime(new Date(2026, 2, 12, 9, 30, 15));
  tracks = [];
  FakeMediaRecorder.instances = [];
  getUserMedia.mockClear();
  installMicrophone();
});

afterEach(() => {
  resetPage();
  removeMicrophone();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const TAKE: ImportedRecording = { recordingToken: 'rec_mic', name: 'recording-2026-03-12-0930.webm', durationS: 2.04, preview: { root: 'recroot', path: 'voice.wav' } };

/** The Create screen with "Use my own recording" ticked, on a fake main that takes every recording as TAKE. */
async function openRecordingField() {
  const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime.bind(vi) });
  const context = renderApp('', (transport) => transport.answer('recordings:import', () => ipcOk(TAKE)));
  await settle();
  await user.click(screen.getByRole('checkbox', { name: 'Use my own recording' }));
  return { ...context, user };
}

const elapse = (ms: number) => act(async () => void vi.advanceTimersByTime(ms));
const recordButton = () => screen.getByRole('button', { name: 'Record' });

describe('recording my voice with the microphone', () => {
  it('shows the time and the input level while recording, and on Stop sends the take as a dated WebM, lets go of the microphone and shows its length', async () => {
    const { transport, user } = await openRecordingField();
    await user.click(recordButton());
    const stop = await screen.findByRole('button', { name: 'Stop' });
    expect(document.activeElement).toBe(stop);
    expect(getUserMedia).toHaveBeenCalledWith({ audio: true });
    expect(FakeMediaRecorder.instances[0]?.mimeType).toBe('audio/webm;codecs=opus');

    await elapse(2_000);
    expect(screen.getByRole('timer', { name: 'Recording time' }).textContent).toBe('00:02 / 06:00');
    expect(Number(screen.getByRole('meter', { name: 'Microphone level' }).getAttribute('aria-valuenow'))).toBeGreaterThan(50);
    expect(tracks[0]?.stopped).toBe(false);

    await user.click(stop);
    await screen.findByLabelText('Play your recording');
    expect(transport.payloads('recordings:import')).toEqual([{ name: 'recording-2026-03-12-0930.webm', bytesBase64: Buffer.from(RECORDED_BYTES).toString('base64') }]);
    expect(screen.getByLabelText('Recording length').textContent).toBe('2.0 s');
    expect(tracks.map((track) => track.stopped)).toEqual([true]);
    expect(document.activeElement).toBe(recordButton());
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it(`stops by itself at ${MAX_VOICE_SECONDS / 60} minutes, the longest voice the engine takes, says so and sends the take`, async () => {
    const { transport, user } = await openRecordingField();
    await user.click(recordButton());
    await screen.findByRole('button', { name: 'Stop' });

    await elapse(MAX_VOICE_SECONDS * 1000);
    await screen.findByText('Recording stopped at 06:00, the longest a video’s voice can be.');
    await waitFor(() => expect(transport.payloads('recordings:import')).toHaveLength(1));
    expect(tracks[0]?.stopped).toBe(true);
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
  });

  it.each([
    ['NotAllowedError', 'TalkingPhoto can’t use the microphone: allow it in your system’s privacy settings, or pick a recording file instead.'],
    ['NotFoundError', 'No microphone was found: plug one in, or pick a recording file instead.'],
  ])('says in one sentence at the Record button why the microphone is refused (%s), and sends nothing', async (name, sentence) => {
    getUserMedia.mockRejectedValueOnce(new DOMException('refused', name));
    const { transport, user } = await openRecordingField();
    await user.click(recordButton());

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(sentence);
    expect(recordButton().getAttribute('aria-describedby')?.split(' ')).toContain(alert.id);
    expect(transport.payloads('recordings:import')).toEqual([]);
  });

  it('refuses a take stopped at once as too short, without sending it, and lets go of the microphone', async () => {
    const { transport, user } = await openRecordingField();
    await user.click(recordButton());
    await user.click(await screen.findByRole('button', { name: 'Stop' }));

    expect((await screen.findByRole('alert')).textContent).toBe(RECORDER_PROBLEMS['too-short']);
    expect(transport.payloads('recordings:import')).toEqual([]);
    expect(tracks[0]?.stopped).toBe(true);
  });

  it('lets go of the microphone and sends nothing when the creator leaves the screen mid-recording', async () => {
    const { transport, user } = await openRecordingField();
    await user.click(recordButton());
    await screen.findByRole('button', { name: 'Stop' });
    await elapse(3_000);

    await user.click(screen.getByRole('link', { name: 'Queue' }));
    await screen.findByRole('heading', { level: 1, name: 'Queue' });
    await elapse(100);
    expect(tracks[0]?.stopped).toBe(true);
    expect(transport.payloads('recordings:import')).toEqual([]);
  });

  it('lets go of the microphone when it is granted after the creator turned the option off', async () => {
    let grant: (stream: unknown) => void = () => undefined;
    const track = new FakeTrack();
    getUserMedia.mockImplementationOnce(() => new Promise((resolve) => (grant = resolve)));
    const { user } = await openRecordingField();
    await user.click(recordButton());
    await screen.findByText('Waiting for the microphone…');

    await user.click(screen.getByRole('checkbox', { name: 'Use my own recording' }));
    await act(async () => grant({ getTracks: () => [track], getAudioTracks: () => [track] }));
    expect(track.stopped).toBe(true);
  });

  it('shows a hint and no Record button where the window cannot record', async () => {
    removeMicrophone();
    await openRecordingField();
    expect(screen.getByText('Recording with a microphone is not available in this window: choose a recording file instead.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Record' })).toBeNull();
    // The file stays the way in.
    expect(screen.getByLabelText('Recording file')).toBeTruthy();
  });
});
