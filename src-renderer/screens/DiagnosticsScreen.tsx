import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { EngineStatus, ToolStatus } from '../../src-shared/ipc/engine-channels.js';
import { ProviderHealth } from '../components/ProviderHealth.js';
import { ScreenHeader } from '../components/ScreenHeader.js';
import { SpendAlertBanner } from '../components/SpendAlertBanner.js';
import { StageTimings } from '../components/StageTimings.js';
import { BundleStatus, CloudCost, MachineFacts, RenderFacts, Warnings } from '../components/DiagnosticsFacts.js';
import { JOB_STATE_NAMES, JOB_STATES, PROJECT_STATUS_NAMES, PROJECT_STATUSES } from '../labels.js';
import { useStores } from '../stores/app-stores.js';
import { countByState } from '../stores/jobs-store.js';
import '../diagnostics.css';

/** What this copy of TalkingPhoto runs on and how it has been doing: the page a bug report starts from. */
export function DiagnosticsScreen() {
  const { diagnostics, jobs } = useStores();
  const state = useStore(diagnostics);
  const jobList = useStore(jobs, (s) => s.jobs);
  const jobCounts = countByState(jobList);

  useEffect(() => {
    void diagnostics.getState().load();
  }, [diagnostics]);

  return (
    <div className="screen diagnostics-screen">
      <ScreenHeader
        title="Diagnostics"
        subtitle="What this copy of TalkingPhoto runs on, and how its videos have been going."
        actions={
          <>
            <button type="button" onClick={() => void diagnostics.getState().saveBundle()} disabled={state.bundle.state === 'saving'}>
              {state.bundle.state === 'saving' ? 'Saving the bundle…' : 'Save diagnostics bundle…'}
            </button>
            <button type="button" onClick={() => void diagnostics.getState().load()} disabled={state.loading}>
              {state.loading ? 'Refreshing…' : 'Refresh'}
            </button>
          </>
        }
      />
      <SpendAlertBanner />
      <BundleStatus bundle={state.bundle} />
      {state.error && (
        <p className="error" role="alert">
          {state.error.message}
        </p>
      )}
      {state.overview && <Warnings warnings={state.overview.warnings} />}
      <div className="diagnostics-grid">
        <section className="panel" aria-labelledby="diag-machine">
          <h2 id="diag-machine">This computer</h2>
          {state.overview ? <MachineFacts machine={state.overview.machine} /> : <p className="hint">{state.loading ? 'Measuring…' : 'Not known.'}</p>}
        </section>

        <section className="panel" aria-labelledby="diag-renders">
          <h2 id="diag-renders">Renders</h2>
          {state.overview ? <RenderFacts renders={state.overview.renders} /> : <p className="hint">{state.loading ? 'Counting…' : 'Not known.'}</p>}
        </section>

        <section className="panel" aria-labelledby="diag-cost">
          <h2 id="diag-cost">Cloud cost</h2>
          {state.overview ? <CloudCost spend={state.overview.spend} /> : <p className="hint">{state.loading ? 'Adding up…' : 'Not known.'}</p>}
        </section>

        <section className="panel" aria-labelledby="diag-app">
          <h2 id="diag-app">App</h2>
          {state.engine ? <AppFacts engine={state.engine} /> : <p className="hint">{state.loading ? 'Asking the engine…' : 'Not known.'}</p>}
        </section>

        <section className="panel" aria-labelledby="diag-tools">
          <h2 id="diag-tools">Tools</h2>
          {state.engine ? (
            <dl className="facts">
              <Tool name="FFmpeg" tool={state.engine.ffmpeg} />
              <Tool name="FFprobe" tool={state.engine.ffprobe} />
              <dt>Voice engine</dt>
              <dd>
                {state.engine.tts.name} {state.engine.tts.version ?? ''}
                <span className="hint block">
                  {state.engine.tts.license} · speaks {state.engine.tts.languages.join(', ')}
                </span>
              </dd>
            </dl>
          ) : (
            <p className="hint">{state.loading ? 'Asking the engine…' : 'Not known.'}</p>
          )}
        </section>

        <section className="panel" aria-labelledby="diag-jobs">
          <h2 id="diag-jobs">Queue jobs</h2>
          <CountList entries={JOB_STATES.map((s) => [JOB_STATE_NAMES[s], jobCounts[s]])} />
        </section>

        <section className="panel" aria-labelledby="diag-projects">
          <h2 id="diag-projects">Projects</h2>
          {state.projectCounts ? <CountList entries={PROJECT_STATUSES.map((s) => [PROJECT_STATUS_NAMES[s], state.projectCounts?.[s] ?? 0])} /> : <p className="hint">Not counted yet.</p>}
        </section>
      </div>

      <ProviderHealth />

      <section className="panel" aria-labelledby="diag-timings">
        <h2 id="diag-timings">Recent render times</h2>
        {state.timings.length === 0 ? <p className="hint">Finished videos show how long each step took here.</p> : <StageTimings timings={state.timings} />}
      </section>
    </div>
  );
}

function AppFacts({ engine }: { engine: EngineStatus }) {
  const { runtime } = engine;
  return (
    <dl className="facts">
      <dt>Version</dt>
      <dd>
        {engine.app.name} {engine.app.version}
      </dd>
      <dt>Running as</dt>
      <dd>{engine.frontDoor === 'desktop' ? 'Desktop app' : 'Host, in a browser tab'}</dd>
      <dt>Runtime</dt>
      <dd>
        Node {runtime.node}
        {runtime.electron ? ` · Electron ${runtime.electron}` : ''} · {runtime.platform} {runtime.arch}
      </dd>
    </dl>
  );
}

function Tool({ name, tool }: { name: string; tool: ToolStatus }) {
  return (
    <>
      <dt>{name}</dt>
      {tool.found ? (
        <dd>
          {tool.version ?? 'found'} <span className="hint">from {tool.source}</span>
          <code className="path block" title={tool.path}>
            {tool.path}
          </code>
          {tool.warning && <span className="error-text block">{tool.warning}</span>}
        </dd>
      ) : (
        <dd className="error-text">{tool.message}</dd>
      )}
    </>
  );
}

function CountList({ entries }: { entries: [string, number][] }) {
  return (
    <dl className="counts">
      {entries.map(([label, count]) => (
        <div key={label} className="count-item">
          <dt>{label}</dt>
          <dd>{count}</dd>
        </div>
      ))}
    </dl>
  );
}
