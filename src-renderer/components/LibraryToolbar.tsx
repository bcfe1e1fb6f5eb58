import { useStore } from 'zustand';
import type { ProjectStatus } from '../../src-shared/library.js';
import { WORKFLOW_TYPES, type WorkflowType } from '../../src-shared/limits.js';
import type { PlatformId } from '../../src-shared/platforms.js';
import { PLATFORM_IDS, PLATFORM_NAMES, PROJECT_STATUS_NAMES, PROJECT_STATUSES, WORKFLOW_TYPE_NAMES } from '../labels.js';
import { useStores } from '../stores/app-stores.js';
import { hasFilters, LIBRARY_SORTS, type LibrarySort } from '../stores/library-store.js';
import { Icon } from './Icon.js';
import { NamedOptions } from './NamedOptions.js';

const pick = <T extends string>(options: readonly T[], value: string): T | null => ((options as readonly string[]).includes(value) ? (value as T) : null);

/** Search (asked after a pause in typing), filters and sort; each change reloads the first page. */
export function LibraryToolbar() {
  const library = useStores().library;
  const filters = useStore(library, (state) => state.filters);
  const { setSearch, setFilters, clearFilters } = library.getState();

  return (
    <div className="toolbar" role="search" aria-label="Find projects">
      <div className="search-box">
        <label htmlFor="library-search" className="visually-hidden">
          Search projects
        </label>
        <Icon name="search" size={16} />
        <input id="library-search" type="search" value={filters.search} placeholder="Search titles and scripts" autoComplete="off" onChange={(event) => setSearch(event.target.value)} />
      </div>
      <div className="filter">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" value={filters.status ?? ''} onChange={(event) => setFilters({ status: pick<ProjectStatus>(PROJECT_STATUSES, event.target.value) })}>
          <option value="">Any</option>
          <NamedOptions values={PROJECT_STATUSES} names={PROJECT_STATUS_NAMES} />
        </select>
      </div>
      <div className="filter">
        <label htmlFor="filter-type">Type</label>
        <select id="filter-type" value={filters.type ?? ''} onChange={(event) => setFilters({ type: pick<WorkflowType>(WORKFLOW_TYPES, event.target.value) })}>
          <option value="">Any</option>
          <NamedOptions values={WORKFLOW_TYPES} names={WORKFLOW_TYPE_NAMES} />
        </select>
      </div>
      <div className="filter">
        <label htmlFor="filter-platform">Platform</label>
        <select id="filter-platform" value={filters.platform ?? ''} onChange={(event) => setFilters({ platform: pick<PlatformId>(PLATFORM_IDS, event.target.value) })}>
          <option value="">Any</option>
          <NamedOptions values={PLATFORM_IDS} names={PLATFORM_NAMES} />
        </select>
      </div>
      <div className="filter">
        <label htmlFor="library-sort">Sort</label>
        <select
          id="library-sort"
          value={filters.sort}
          onChange={(event) => {
            const sort = pick(Object.keys(LIBRARY_SORTS) as LibrarySort[], event.target.value);
            if (sort) setFilters({ sort });
          }}
        >
          {Object.entries(LIBRARY_SORTS).map(([value, { label }]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {hasFilters(filters) && (
        <button type="button" className="quiet" onClick={clearFilters}>
          Clear filters
        </button>
      )}
    </div>
  );
}
