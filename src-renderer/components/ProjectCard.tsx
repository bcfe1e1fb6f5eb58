import type { ProjectSummaryView } from '../../src-shared/ipc/library-channels.js';
import { formatDate } from '../format.js';
import { platformName, WORKFLOW_TYPE_NAMES } from '../labels.js';
import { hashFor } from '../stores/navigation-store.js';
import { ProjectStatusBadge } from './Badge.js';
import { ProjectThumb } from './ProjectThumb.js';

/** More platforms than this read as a count, so every card keeps one line of tags. */
const PLATFORMS_SHOWN = 3;

/**
 * A project in the library grid. Its title (and so the whole card) opens the result;
 * Details opens the panel beside the grid.
 */
export function ProjectCard(props: {
  project: ProjectSummaryView;
  /** Where the card's cover loads from. */
  thumbnailUrl: string;
  selected: boolean;
  onOpen: () => void;
  onDetails: () => void;
  onDelete: () => void;
}) {
  const { project } = props;
  const extra = project.platforms.length - PLATFORMS_SHOWN;
  return (
    <li className={props.selected ? 'project-card selected' : 'project-card'}>
      <ProjectThumb url={props.thumbnailUrl} />
      <div className="card-body">
        <h2 className="card-title">
          <a
            href={hashFor({ screen: 'project', projectId: project.id })}
            onClick={(event) => {
              event.preventDefault();
              props.onOpen();
            }}
          >
            {project.title}
          </a>
        </h2>
        <p className="card-meta">
          {WORKFLOW_TYPE_NAMES[project.type]} · <time dateTime={project.createdAt}>{formatDate(project.createdAt)}</time>
        </p>
        <div className="tags">
          <ProjectStatusBadge status={project.status} />
          {project.platforms.slice(0, PLATFORMS_SHOWN).map((id) => (
            <span className="chip" key={id}>
              {platformName(id)}
            </span>
          ))}
          {extra > 0 && (
            <span className="chip" title={project.platforms.slice(PLATFORMS_SHOWN).map(platformName).join(', ')}>
              +{extra}
            </span>
          )}
        </div>
      </div>
      <div className="card-actions">
        <button type="button" className="quiet" data-project-open={project.id} aria-label={`Details of ${project.title}`} aria-pressed={props.selected} onClick={props.onDetails}>
          Details
        </button>
        <button type="button" className="quiet card-delete" aria-label={`Delete ${project.title}`} onClick={props.onDelete}>
          Delete
        </button>
      </div>
    </li>
  );
}
