import { useEffect } from 'react';
import { useStore } from 'zustand';
import { WORKFLOW_TYPES, type WorkflowType } from '../../src-shared/limits.js';
import { MotionControls } from '../components/MotionControls.js';
import { PhotoPanel } from '../components/PhotoPanel.js';
import { PlatformToggles } from '../components/PlatformToggles.js';
import { ScreenHeader } from '../components/ScreenHeader.js';
import { ScriptFields } from '../components/ScriptFields.js';
import { SpendAlertBanner } from '../components/SpendAlertBanner.js';
import { WindowPhotoDrop } from '../components/WindowPhotoDrop.js';
import { WORKFLOW_TYPE_NAMES } from '../labels.js';
import { formatRoughDuration } from '../rough-duration.js';
import { useStores } from '../stores/app-stores.js';
import { MAX_TITLE_CHARS } from '../stores/create-draft.js';
import { generateBlocker, type CreateState } from '../stores/create-store.js';
import '../create.css';
import { NamedOptions } from '../components/NamedOptions.js';

const isWorkflowType = (value: string): value is WorkflowType => (WORKFLOW_TYPES as readonly string[]).includes(value);

/**
 * A portrait and a script in; a project in the library and a render in the queue out.
 * Everything typed is autosaved as a draft and comes back after a reload.
 */
export function CreateScreen() {
  const { create, navigation } = useStores();
  const state = useStore(create);
  const blocker = generateBlocker(state);

  useEffect(() => {
    // A pending autosave is written before the page goes away or the creator leaves the screen.
    const save = (): void => void create.getState().saveDraftNow();
    const hidden = (): void => {
      if (document.visibilityState === 'hidden') save();
    };
    window.addEventListener('pagehide', save);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      window.removeEventListener('pagehide', save);
      document.removeEventListener('visibilitychange', hidden);
      save();
    };
  }, [create]);

  return (
    <div className="screen create-screen">
      <ScreenHeader title="Create" subtitle="A portrait and a script in, a talking video and its export kit out, made on this computer." />
      <SpendAlertBanner />
      <WindowPhotoDrop onPhoto={(file) => void state.importFile(file)} onRecording={state.useRecording ? (file) => void state.importRecording(file) : undefined} disabled={state.generating} />
      <form
        className="create-layout"
        aria-label="New video"
        onSubmit={(event) => {
          event.preventDefault();
          void state.generate().then((queued) => {
            if (queued) navigation.getState().go('queue');
          });
        }}
      >
        <PhotoPanel />
        <div className="create-form">
          <section className="panel form-section" aria-labelledby="script-heading">
            <h2 id="script-heading">Script and voice</h2>
            <ScriptFields />
          </section>
          <MotionControls />
          <section className="panel form-section" aria-labelledby="video-heading">
            <h2 id="video-heading">Video and export kit</h2>
            <VideoFields state={state} />
          </section>
          <section className="panel generate-bar" aria-label="Generate">
            <Estimate state={state} />
            <div className="generate-actions">
              <button type="submit" className="primary" disabled={blocker !== null || state.generating} aria-describedby="generate-hint">
                {state.generating ? 'Adding to the queue…' : state.estimate && state.estimate.costUsd > 0 ? `Generate for about $${state.estimate.costUsd.toFixed(2)}` : 'Generate video'}
              </button>
              <p className="hint" id="generate-hint">
                {blocker ?? 'Goes into the queue; you can start the next one right away.'}
              </p>
            </div>
            {state.error && (
              <p className="error" role="alert">
                {state.error.message}
              </p>
            )}
            {state.draftProblem && (
              <p className="error-text">
                {state.draftProblem.when === 'save' ? 'Your draft could not be saved' : 'Your last draft could not be brought back'}: {state.draftProblem.error.message}
              </p>
            )}
          </section>
        </div>
      </form>
    </div>
  );
}

function VideoFields({ state }: { state: CreateState }) {
  const disabled = state.generating;
  return (
    <>
      <div className="field-row">
        <div className="field">
          <label className="label" htmlFor="workflow-type">
            Type
          </label>
          <select
            id="workflow-type"
            value={state.workflowType}
            disabled={disabled}
            onChange={(event) => {
              if (isWorkflowType(event.target.value)) state.edit({ workflowType: event.target.value });
            }}
          >
            <NamedOptions values={WORKFLOW_TYPES} names={WORKFLOW_TYPE_NAMES} />
          </select>
        </div>
        <div className="field">
          <label className="label" htmlFor="title">
            Title
          </label>
          <input
            id="title"
            type="text"
            value={state.title}
            maxLength={MAX_TITLE_CHARS}
            disabled={disabled}
            autoComplete="off"
            placeholder="From the script’s first words"
            onChange={(event) => state.edit({ title: event.target.value })}
          />
        </div>
      </div>

      <PlatformToggles chosen={state.platforms} onToggle={state.togglePlatform} disabled={disabled} />

      <fieldset className="kit-options">
        <legend>Export kit options</legend>
        <label className="check">
          <input type="checkbox" checked={state.burnCaptions} disabled={disabled} onChange={(event) => state.edit({ burnCaptions: event.target.checked })} />
          Burn captions into the videos
        </label>
        <label className="check">
          <input type="checkbox" checked={state.coverTitle} disabled={disabled} onChange={(event) => state.edit({ coverTitle: event.target.checked })} />
          Put the title on the covers
        </label>
        <label className="check">
          <input type="checkbox" checked={state.trim} disabled={disabled} onChange={(event) => state.edit({ trim: event.target.checked })} />
          Trim a video that is longer than a platform allows
        </label>
      </fieldset>
    </>
  );
}

const STEP_NAMES: Record<string, string> = { image_enhancement: 'Photo', speech: 'Voice', video_generation: 'Video' };

/** Asks main again this long after the last keystroke, not on every one. */
const ESTIMATE_DELAY_MS = 300;

/**
 * Cost and time before anything is spent (SPEC §1 step 2), from main's `jobs:estimate`:
 * the queue's own model with this machine's speed, the wait behind the queue and the
 * cloud prices. The window keeps no copy of that model, so it cannot drift from main's.
 */
function Estimate({ state }: { state: CreateState }) {
  const { create } = useStores();
  const scriptChars = state.script.trim().length;
  const recordingSeconds = state.useRecording ? state.recording?.durationS : undefined;
  useEffect(() => {
    const timer = setTimeout(() => void create.getState().refreshEstimate(), ESTIMATE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [create, scriptChars, state.platforms.length, state.useRecording, recordingSeconds]);

  const main = state.estimate;
  const speakable = state.useRecording ? recordingSeconds !== undefined : scriptChars > 0;
  return (
    <div className="estimate">
      {main && <p className="estimate-cost">{main.costUsd > 0 ? `About $${main.costUsd.toFixed(2)} with your cloud services` : 'Free: made on this computer'}</p>}
      {main && main.costUsd > 0 && (
        <p className="hint">
          {main.steps
            .filter((step) => step.costUsd > 0)
            .map((step) => `${STEP_NAMES[step.capability] ?? step.capability}: ${step.name}, $${step.costUsd.toFixed(2)}`)
            .join(' · ')}
          . If a service fails, this computer does that step for free. Nothing is spent until you press Generate.
        </p>
      )}
      <p className="hint">
        {!speakable
          ? state.useRecording
            ? 'Time to make it depends on the recording’s length.'
            : 'Type a script to see how long it takes to make.'
          : main
            ? `Estimate: ${formatRoughDuration(main.voiceSeconds * 1000)} of speech, ${formatRoughDuration(main.renderMs)} to make${state.platforms.length > 0 ? ' with the export kit' : ''}.`
            : 'Working out how long it takes to make…'}
      </p>
      {main && main.queued > 0 && (
        <p className="hint">
          {main.queued === 1 ? '1 video is' : `${main.queued} videos are`} ahead in the queue: yours starts in {formatRoughDuration(main.waitMs)}.
        </p>
      )}
    </div>
  );
}
