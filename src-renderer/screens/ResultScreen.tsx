import { useEffect } from 'react';
import { useStore } from 'zustand';
import { ProjectStatusBadge } from '../components/Badge.js';
import { KitBrowser } from '../components/KitBrowser.js';
import { KitDownloads } from '../components/KitDownloads.js';
import { KitGuides } from '../components/KitGuides.js';
import { CloudCost } from '../components/CloudCost.js';
import { ProjectScores } from '../components/ProjectScores.js';
import { RetryBox } from '../components/RetryBox.js';
import { ResultVoice } from '../components/ResultVoice.js';
import { ScreenHeader } from '../components/ScreenHeader.js';
import { formatDate } from '../format.js';
import type { KitView } from '../kit-manifest.js';
import { WORKFLOW_TYPE_NAMES } from '../labels.js';
import { useStores } from '../stores/app-stores.js';
import type { ProjectDetailView } from '../stores/library-store.js';
import type { ProjectMediaView } from '../stores/result-store.js';
import '../result.css';

/**
 * One project's result, offline: the video, its scores and enhanced photo, and the export
 * kit to browse platform by platform (`#/project/<id>`, from the library and the queue).
 */
export function ResultScreen({ projectId }: { projectId: string }) {
  const { result, navigation } = useStores();
  const { project, media, kit, error } = useStore(result);
  const shown = project?.id === projectId ? project : null;
  const go = navigation.getState().go;

  useEffect(() => {
    void result.getState().open(projectId);
  }, [result, projectId]);
  const title = shown?.title;
  useEffect(() => {
    if (title !== undefined) document.title = `${title} · Result · TalkingPhoto`;
  }, [title]);

  const back = (
    <button type="button" onClick={() => go('library')}>
      Back to library
    </button>
  );

  if (!shown) {
    return (
      <div className="screen result-screen">
        <ScreenHeader title={error ? 'Project unavailable' : 'Opening project…'} actions={back} />
        {error && (
          <p className="error" role="alert">
            {error.message}
          </p>
        )}
      </div>
    );
  }

  return (
    <div className="screen result-screen">
      <ScreenHeader
        title={shown.title}
        subtitle={`${WORKFLOW_TYPE_NAMES[shown.type]} · made ${formatDate(shown.completedAt ?? shown.createdAt)}`}
        actions={
          <>
            {back}
            <button type="button" className="primary" onClick={() => go('create')}>
              New video
            </button>
          </>
        }
      />
      <div className="tags">
        <ProjectStatusBadge status={shown.status} />
      </div>
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      <ProjectState project={shown} />
      <ResultVoice report={shown.report} />
      {media && <ResultMedia project={shown} media={media} />}
      {/* A failed retry leaves the kit of the render before it, which still counts. */}
      {media && (kit !== null || shown.status === 'completed') && <KitSection key={shown.id} kit={kit} language={shown.language} onCreate={() => go('create')} />}
    </div>
  );
}

/** What to do about a project that is not finished: retry a failed one, follow one still being made. */
function ProjectState({ project }: { project: ProjectDetailView }) {
  const { result, navigation } = useStores();
  const retry = useStore(result, (state) => (state.retry?.projectId === project.id ? state.retry : null));
  const toQueue = () => navigation.getState().go('queue');
  if (project.status === 'failed' || project.status === 'cancelled') {
    return <RetryBox error={project.error} retry={retry} onRetry={() => void result.getState().retryProject()} onFollow={toQueue} />;
  }
  if (project.status === 'pending' || project.status === 'processing') {
    return (
      <p className="notice">
        This video is still being made; it appears here once it is ready.{' '}
        <button type="button" className="link" onClick={toQueue}>
          Follow it in the queue
        </button>
      </p>
    );
  }
  return null;
}

function ResultMedia({ project, media }: { project: ProjectDetailView; media: ProjectMediaView }) {
  const urlOf = useStores().result.getState().urlOf;
  const photo = media.enhanced ?? media.photo;
  return (
    <div className="result-layout">
      <section className="panel result-video" aria-labelledby="result-video">
        <h2 id="result-video">Video</h2>
        {media.video ? (
          // The poster is the video's first frame, so the player shows the picture at once instead of a grey box.
          <video className="video" controls preload="metadata" src={urlOf(media.video)} poster={media.poster ? urlOf(media.poster) : undefined} aria-label={`Video: ${project.title}`} />
        ) : (
          <p className="placeholder">{project.status === 'completed' ? 'The video is missing from your library.' : 'No video yet.'}</p>
        )}
      </section>
      <div className="result-side">
        <section className="panel" aria-labelledby="result-quality">
          <h2 id="result-quality">Quality</h2>
          <ProjectScores report={project.report} />
          <CloudCost report={project.report} />
        </section>
        <section className="panel" aria-labelledby="result-photo">
          <h2 id="result-photo">{media.enhanced ? 'Enhanced photo' : 'Photo'}</h2>
          <img className="result-photo" src={urlOf(photo)} alt={media.enhanced ? 'Your photo after enhancement' : 'Your photo'} />
        </section>
      </div>
    </div>
  );
}

function KitSection({ kit, language, onCreate }: { kit: KitView | null; language: string; onCreate: () => void }) {
  if (!kit) {
    return (
      <section className="panel empty-kit" aria-labelledby="result-kit">
        <h2 id="result-kit">Export kit</h2>
        <p>No export kit was made with this video. Choose platforms when you create a video to get one with its renditions, captions, covers and post texts.</p>
        <button type="button" className="primary" onClick={onCreate}>
          Go to Create
        </button>
      </section>
    );
  }
  return (
    <>
      <section className="panel" aria-labelledby="result-kit">
        <h2 id="result-kit">Export kit</h2>
        {kit.unreadable > 0 && (
          <p className="notice">
            Part of this kit’s list could not be read ({kit.unreadable} {kit.unreadable === 1 ? 'entry' : 'entries'}); its files can still be saved below.
          </p>
        )}
        {kit.renditions.length > 0 ? <KitBrowser renditions={kit.renditions} language={language} /> : <p className="hint">This kit lists no platform’s video.</p>}
      </section>
      <section className="panel" aria-labelledby="result-guides">
        <h2 id="result-guides">Guides for cloud tools</h2>
        <p className="hint">Step-by-step instructions to make this video again in another tool.</p>
        <KitGuides guides={kit.guides} />
      </section>
      <section className="panel" aria-labelledby="result-save">
        <h2 id="result-save">Save the kit</h2>
        <KitDownloads kit={kit} />
      </section>
    </>
  );
}
