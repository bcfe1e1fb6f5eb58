import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateDraftSchema, type CreateDraft } from '../../../src-shared/ipc/creator-channels.js';
import { tempDir } from '../../../tests/support/fixtures.js';
import { openLibrary } from '../library/index.js';
import { loadFormDraft, saveFormDraft } from './form-draft.js';

const work = tempDir('form-draft-');
afterAll(() => work.cleanup());

describe('the Create form’s saved draft', () => {
  it('keeps the motion controls the creator set, across closing and opening the library', () => {
    const dataDir = path.join(work.dir, 'data');
    const library = openLibrary({ dataDir, startFresh: true });
    try {
      saveFormDraft(library, CreateDraftSchema.parse({ script: 'Hello.', motion: { headMotion: 0, mood: 'serious', blinkRate: 8 } }));
    } finally {
      library.close();
    }
    const reopened = openLibrary({ dataDir });
    try {
      expect(loadFormDraft(reopened)?.draft.motion).toEqual({ headMotion: 0, mood: 'serious', blinkRate: 8 });
    } finally {
      reopened.close();
    }
  });

  it('refuses a motion value out of range instead of storing it', () => {
    const library = openLibrary({ dataDir: path.join(work.dir, 'bad'), startFresh: true });
    try {
      // As a window that skipped the contract's check would send it.
      const draft: CreateDraft = { ...CreateDraftSchema.parse({ script: 'Hello.' }), motion: { headMotion: 3 } };
      expect(() => saveFormDraft(library, draft)).toThrow();
      expect(loadFormDraft(library)).toBeNull();
    } finally {
      library.close();
    }
  });
});
