import { describe, expect, it } from 'vitest';
import { hashFor, parseHash, sectionOf } from './navigation-store.js';

const ID = '00000000-0000-4000-8000-000000000001';

describe('routes in the address', () => {
  it('reads and writes a project’s result as #/project/<id>, part of the library section', () => {
    expect(parseHash(`#/project/${ID}`)).toEqual({ screen: 'project', projectId: ID });
    expect(hashFor({ screen: 'project', projectId: ID })).toBe(`#/project/${ID}`);
    expect(sectionOf('project')).toBe('library');
    expect(sectionOf('queue')).toBe('queue');
  });

  it('ignores a result address without a well-formed project id', () => {
    expect(parseHash('#/project')).toBeNull();
    expect(parseHash('#/project/not%20an%20id')).toBeNull();
    expect(parseHash('#/project/%E0%A4%A')).toBeNull();
    expect(parseHash(`#/settings/${ID}`)).toBeNull();
  });
});
