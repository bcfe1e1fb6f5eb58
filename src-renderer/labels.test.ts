import { describe, expect, it } from 'vitest';
import { JOB_STATES as ENGINE_JOB_STATES, PROJECT_STATUSES as ENGINE_PROJECT_STATUSES } from '../src-shared/library.js';
import { allPlatformSpecs } from '../src-shared/platforms.js';
import { RENDER_STAGES } from '../src-shared/render.js';
import { JOB_STATES, PLATFORM_ASPECTS, PLATFORM_NAMES, PROJECT_STATUSES, STAGE_NAMES } from './labels.js';

/** The window keeps its own copy of these lists (the engine's come with zod); they must not drift. */
describe('the window’s names for engine ids', () => {
  it('names every platform as the platform specs do, in their order', () => {
    expect(Object.entries(PLATFORM_NAMES)).toEqual(allPlatformSpecs().map((spec) => [spec.id, spec.label]));
  });

  it('draws every platform at the aspect ratio of its rendition', () => {
    expect(Object.entries(PLATFORM_ASPECTS)).toEqual(allPlatformSpecs().map((spec) => [spec.id, spec.aspect]));
  });

  it('lists project statuses, job states and stages in the engine’s order', () => {
    expect(PROJECT_STATUSES).toEqual(ENGINE_PROJECT_STATUSES);
    expect(JOB_STATES).toEqual(ENGINE_JOB_STATES);
    expect(Object.keys(STAGE_NAMES)).toEqual(RENDER_STAGES);
  });
});
