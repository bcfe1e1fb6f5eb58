import type { ProjectSummaryView } from '../../src-shared/ipc/library-channels.js';
import { formatDate } from '../format.js';
import { platformName, WORKFLOW_TYPE_NAMES } from '../labels.js';
import { hashFor } from '../stores/navigation-store.js';
import { ProjectStatusBadge } from './Badge.js';
import { Icon } from './Icon.js';

/** More platforms than this read as a count, so every card keeps one line of tags. */
const PLATFORMS_SHOWN = 3;

export function ProjectCard(props: { project: ProjectSummaryView; selected: boolean; onOpen: () => void; onDelete: () => void }) {
  const { project } = props;
  const extra = project.platforms.length - PLATFORMS_SHOWN;
  return (
    <li className={props.selected ? 'project-card selected' : 'project-card'}>
      {/* The enhanced photo goes here once main hands the window image URLs. */}
      <div className="thumb" aria-hidden="true">
        <Icon name="portrait" size={40} />
      </div>
      <div className="card-body">
        <h2 className="card-title">
          <a
            href={hashFor({ screen: 'library', projectId: project.id })}
            data-project-open={project.id}
            aria-current={props.selected ? 'true' : undefined}
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
      <button type="button" className="quiet card-delete" aria-label={`Delete ${project.title}`} onClick={props.onDelete}>
        Delete
      </button>
    </li>
  );
}
