import { describe, expect, it } from 'vitest';
import { MAX_SCRIPT_CHARS } from '../../src-shared/limits.js';
import { draftOf, emptyForm, formOf } from './create-draft.js';
import { firstSentence, MAX_PREVIEW_CHARS } from './create-store.js';

describe('the Create form as a draft', () => {
  const form = { ...emptyForm({ language: 'es', platforms: ['tiktok'] }), script: 'Hola.', title: '  Spring sale ', voice: 'es+f3' };

  it('keeps what the draft schema takes and comes back the same', () => {
    const draft = draftOf(form, { photoToken: 'draft_1', faceIndex: 1 });
    expect(draft).toEqual({
      photoToken: 'draft_1',
      faceIndex: 1,
      script: 'Hola.',
      language: 'es',
      voice: 'es+f3',
      workflowType: 'avatar_presentation',
      platforms: ['tiktok'],
      title: 'Spring sale',
      burnCaptions: false,
      coverTitle: false,
      trim: false,
    });
    expect(formOf(draft)).toEqual({ ...form, title: 'Spring sale' });
  });

  it('keeps a script over the limit up to the limit, and a recording only when one was typed', () => {
    const long = draftOf({ ...form, script: 'a'.repeat(MAX_SCRIPT_CHARS + 10), useRecording: true, audioPath: ' ' }, null);
    expect(long.script).toHaveLength(MAX_SCRIPT_CHARS);
    expect(long).not.toHaveProperty('audioPath');
    expect(long).not.toHaveProperty('photoToken');
    expect(draftOf({ ...form, useRecording: true, audioPath: '/home/me/take2.m4a' }, null).audioPath).toBe('/home/me/take2.m4a');
    // An imported recording is the one audio source, and comes back as the option turned on.
    const withRecording = draftOf({ ...form, useRecording: true, audioPath: '/home/me/old.m4a' }, null, { recordingToken: 'rec_1' });
    expect(withRecording.recordingToken).toBe('rec_1');
    expect(withRecording).not.toHaveProperty('audioPath');
    expect(draftOf({ ...form, useRecording: false }, null, { recordingToken: 'rec_1' })).not.toHaveProperty('recordingToken');
    expect(formOf(withRecording).useRecording).toBe(true);
  });
});

describe('the sentence Hear it speaks', () => {
  it('is the script’s first sentence, in any script’s punctuation', () => {
    expect(firstSentence('  Hello there.  How are you? ')).toBe('Hello there.');
    expect(firstSentence('こんにちは。元気ですか')).toBe('こんにちは。');
    expect(firstSentence('No full stop at all')).toBe('No full stop at all');
    expect(firstSentence('Version 2.5 is out! Try it.')).toBe('Version 2.5 is out!');
    expect(firstSentence('   ')).toBeUndefined();
  });

  it('is cut at a word before the preview limit', () => {
    const sentence = firstSentence('word '.repeat(100))!;
    expect(sentence.length).toBeLessThanOrEqual(MAX_PREVIEW_CHARS);
    expect(sentence.endsWith('word')).toBe(true);
  });
});
