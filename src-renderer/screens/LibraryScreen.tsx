import { useEffect } from 'react';
import { useStore } from 'zustand';
import { LibraryToolbar } from '../components/LibraryToolbar.js';
import { ProjectCard } from '../components/ProjectCard.js';
import { ProjectDetail } from '../components/ProjectDetail.js';
import { ScreenHeader } from '../components/ScreenHeader.js';
import { useStores } from '../stores/app-stores.js';
import { hasFilters, visibleProjects } from '../stores/library-store.js';

/** Returns focus to a project's card after its panel closes, once the card is back in the page. */
const focusCard = (projectId: string): void => {
  setTimeout(() => document.querySelector<HTMLElement>(`[data-project-open="${CSS.escape(projectId)}"]`)?.focus(), 0);
};

/** Past projects from the library, offline: search, filter, page through, open, delete with Undo. */
export function LibraryScreen({ projectId }: { projectId: string | null }) {
  const { library, navigation } = useStores();
  const state = useStore(library);
  const go = navigation.getState().go;

  useEffect(() => {
    void library.getState().load();
  }, [library]);
  useEffect(() => {
    void library.getState().openDetail(projectId);
  }, [library, projectId]);

  const projects = visibleProjects(state);
  const hidden = state.items.length - projects.length;
  const total = Math.max(0, state.total - hidden);
  const filtered = hasFilters(state.filters);
  const closeDetail = (): void => {
    go('library');
    if (projectId) focusCard(projectId);
  };

  return (
    <div className="screen library-screen">
      <ScreenHeader
        title="Library"
        subtitle="Every video made on this computer, with its export kit."
        actions={
          <button type="button" className="primary" onClick={() => go('create')}>
            New video
          </button>
        }
      />
      <LibraryToolbar />
      {state.error && (
        <p className="error" role="alert">
          {state.error.message}
        </p>
      )}
      <div className={projectId ? 'library-body with-detail' : 'library-body'}>
        <section className="library-results" aria-label="Projects" aria-busy={state.listing !== 'idle'}>
          <p className="result-count" aria-live="polite">
            {!state.loaded ? 'Loading your projects…' : total === 0 ? '' : `${projects.length} of ${total} ${total === 1 ? 'project' : 'projects'}`}
          </p>
          {state.loaded && projects.length === 0 ? (
            <EmptyLibrary filtered={filtered} onCreate={() => go('create')} onClear={() => library.getState().clearFilters()} />
          ) : (
            <ul className="project-grid">
              {projects.map((project) => (
                <ProjectCard
                  key={project.id}
                  project={project}
                  thumbnailUrl={library.getState().urlOf(project.thumbnail)}
                  selected={project.id === projectId}
                  onOpen={() => go('project', project.id)}
                  onDetails={() => go('library', project.id)}
                  onDelete={() => library.getState().remove(project)}
                />
              ))}
            </ul>
          )}
          {state.nextCursor !== null && projects.length > 0 && (
            <div className="load-more">
              <button type="button" onClick={() => void library.getState().loadMore()} disabled={state.listing !== 'idle'}>
                {state.listing === 'more' ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
        </section>
        {projectId && (
          <ProjectDetail
            projectId={projectId}
            onClose={closeDetail}
            onOpen={() => go('project', projectId)}
            onDelete={(project) => {
              library.getState().remove(project);
              go('library');
            }}
          />
        )}
      </div>
    </div>
  );
}

function EmptyLibrary({ filtered, onCreate, onClear }: { filtered: boolean; onCreate: () => void; onClear: () => void }) {
  if (filtered) {
    return (
      <div className="empty-state">
        <h2>No projects match</h2>
        <p>Try other words, or clear the filters to see every project.</p>
        <button type="button" onClick={onClear}>
          Clear filters
        </button>
      </div>
    );
  }
  return (
    <div className="empty-state">
      <h2>No videos yet</h2>
      <p>Videos you make appear here, with their scores and export kits, even when you are offline.</p>
      <button type="button" className="primary" onClick={onCreate}>
        Make your first video
      </button>
    </div>
  );
}
