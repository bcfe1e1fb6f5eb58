import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { formatDateTime } from '../format.js';
import { LANGUAGE_NAMES, platformName, WORKFLOW_TYPE_NAMES } from '../labels.js';
import { useStores } from '../stores/app-stores.js';
import type { ProjectDetailView } from '../stores/library-store.js';
import { ProjectStatusBadge } from './Badge.js';
import { Icon } from './Icon.js';
import { ProjectScores } from './ProjectScores.js';
import { RetryBox } from './RetryBox.js';

const languageName = (code: string): string => (Object.hasOwn(LANGUAGE_NAMES, code) ? LANGUAGE_NAMES[code as keyof typeof LANGUAGE_NAMES] : code);

/** One project opened beside the grid, from `projects:get`: how it went, and a retry when it did not. */
export function ProjectDetail(props: { projectId: string; onClose: () => void; onOpen: () => void; onDelete: (project: ProjectDetailView) => void }) {
  const { projectId, onClose, onOpen, onDelete } = props;
  const library = useStores().library;
  const { detail, detailError } = useStore(library);
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = detail?.id === projectId ? detail : null;

  useEffect(() => {
    heading.current?.focus();
  }, [projectId]);

  return (
    <aside
      className="panel detail"
      aria-labelledby="detail-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <div className="detail-head">
        <h2 id="detail-title" ref={heading} tabIndex={-1}>
          {shown?.title ?? (detailError ? 'Project unavailable' : 'Opening project…')}
        </h2>
        <button type="button" className="quiet icon-button" aria-label="Close project" onClick={onClose}>
          <Icon name="close" />
        </button>
      </div>
      {detailError && (
        <p className="error" role="alert">
          {detailError.message}
        </p>
      )}
      {shown && <DetailBody project={shown} onOpen={onOpen} onDelete={() => onDelete(shown)} />}
    </aside>
  );
}

const seconds = (s: number): string => `${Number(s.toFixed(1))} s`;

/**
 * The video's own length once it is made, and the target only where the creator set one:
 * a project without either has no Length row (never a made-up "10 s target").
 */
function ProjectLength({ project }: { project: ProjectDetailView }) {
  const made = project.report?.output.durationS;
  const target = project.targetDurationS;
  if (made === undefined && target === null) return null;
  const text = made === undefined ? `${seconds(target!)} target` : target === null ? seconds(made) : `${seconds(made)} (target ${seconds(target)})`;
  return (
    <>
      <dt>Length</dt>
      <dd>{text}</dd>
    </>
  );
}

/** What a Retry or Render again renders with: the settings the creator chose, none when all are the engine's. */
function RenderSettingsFacts({ project }: { project: ProjectDetailView }) {
  const s = project.renderSettings;
  if (!s) return null;
  const parts = [
    s.width !== undefined && s.height !== undefined ? `${s.width} × ${s.height}` : null,
    s.fps !== undefined ? `${s.fps} fps` : null,
    s.burnCaptions ? 'captions drawn in' : null,
    s.trim ? 'trimmed to each platform' : null,
    s.coverTitle ? 'title on the covers' : null,
    s.motion?.mood ? `${s.motion.mood} mood` : null,
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) return null;
  return (
    <>
      <dt>Renders at</dt>
      <dd>{parts.join(', ')}</dd>
    </>
  );
}

function DetailBody({ project, onOpen, onDelete }: { project: ProjectDetailView; onOpen: () => void; onDelete: () => void }) {
  const urlOf = useStores().library.getState().urlOf;
  return (
    <div className="detail-body">
      <img className="detail-photo" src={urlOf(project.enhancedPhoto ?? project.preview)} alt={project.enhancedPhoto ? 'The photo after enhancement' : 'The photo'} />
      <div className="detail-open">
        <div className="tags">
          <ProjectStatusBadge status={project.status} />
          <span className="chip">{WORKFLOW_TYPE_NAMES[project.type]}</span>
        </div>
        <button type="button" className="primary" onClick={onOpen}>
          Open
        </button>
      </div>

      {(project.status === 'failed' || project.status === 'cancelled') && <ProjectRetry project={project} />}
      <DuplicateMade project={project} />

      <dl className="facts">
        <dt>Created</dt>
        <dd>{formatDateTime(project.createdAt)}</dd>
        {project.completedAt && (
          <>
            <dt>Finished</dt>
            <dd>{formatDateTime(project.completedAt)}</dd>
          </>
        )}
        <dt>Language</dt>
        <dd>{languageName(project.language)}</dd>
        <ProjectLength project={project} />
        <RenderSettingsFacts project={project} />
      </dl>

      <section aria-labelledby="detail-quality">
        <h3 id="detail-quality">Quality</h3>
        <ProjectScores report={project.report} />
      </section>

      <section aria-labelledby="detail-platforms">
        <h3 id="detail-platforms">Platforms</h3>
        {project.platforms.length === 0 ? (
          <p className="hint">No export kit platforms chosen: just the video.</p>
        ) : (
          <ul className="tags plain-list">
            {project.platforms.map((id) => (
              <li className="chip" key={id}>
                {platformName(id)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="detail-script">
        <h3 id="detail-script">Script</h3>
        {project.script ? <p className="script-text">{project.script}</p> : <p className="hint">Made from your own recording, without a script.</p>}
      </section>

      <div className="detail-actions">
        <DuplicateButton project={project} />
        <button type="button" className="danger" onClick={onDelete}>
          Delete project
        </button>
      </div>
    </div>
  );
}

/** Duplicate: the copy keeps the photo, voice, script, platforms and render settings, so a variant starts from them. */
function DuplicateButton({ project }: { project: ProjectDetailView }) {
  const { library, navigation } = useStores();
  const duplicate = useStore(library, (state) => (state.duplicate?.sourceId === project.id ? state.duplicate : null));
  const duplicateAndOpen = async (): Promise<void> => {
    const copyId = await library.getState().duplicateProject(project);
    // The panel turns to the copy, so its first render is one press away.
    if (copyId) navigation.getState().go('library', copyId);
  };
  return (
    <>
      <button type="button" disabled={duplicate?.state === 'sending'} onClick={() => void duplicateAndOpen()}>
        {duplicate?.state === 'sending' ? 'Duplicating…' : 'Duplicate'}
      </button>
      {duplicate?.state === 'failed' && (
        <p className="error-text" role="alert">
          {duplicate.error.message}
        </p>
      )}
    </>
  );
}

/** The copy just made, opened in place of its original: what it is, and its first render one press away. */
function DuplicateMade({ project }: { project: ProjectDetailView }) {
  const { library, navigation } = useStores();
  const made = useStore(library, (state) => (state.duplicate?.state === 'made' && state.duplicate.projectId === project.id ? state.duplicate : null));
  const retry = useStore(library, (state) => (state.retry?.projectId === project.id ? state.retry : null));
  if (!made || project.status !== 'pending') return null;
  return (
    <div className="copy-box" role="status">
      <p>
        A copy of “{made.sourceTitle}”, with its photo, voice, script, platforms and render settings.
        {retry?.state === 'queued' ? '' : ' It is not rendered yet.'}
      </p>
      {retry?.state === 'queued' ? (
        <p className="notice">
          Queued.{' '}
          <button type="button" className="link" onClick={() => navigation.getState().go('queue')}>
            Follow it in the queue
          </button>
        </p>
      ) : (
        <button type="button" className="primary" disabled={retry?.state === 'sending'} onClick={() => void library.getState().retryProject(project.id)}>
          {retry?.state === 'sending' ? 'Queuing…' : 'Render the copy'}
        </button>
      )}
      {retry?.state === 'failed' && <p className="error-text">{retry.error.message}</p>}
    </div>
  );
}

function ProjectRetry({ project }: { project: ProjectDetailView }) {
  const { library, navigation } = useStores();
  const retry = useStore(library, (state) => (state.retry?.projectId === project.id ? state.retry : null));
  return <RetryBox error={project.error} retry={retry} onRetry={() => void library.getState().retryProject(project.id)} onFollow={() => navigation.getState().go('queue')} />;
}
