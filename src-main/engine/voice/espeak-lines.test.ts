import { describe, expect, it } from 'vitest';
import { LineReader, readWorkerLine } from './espeak-lines.js';

describe('the eSpeak worker’s stdout lines', () => {
  it('reads ready, clause, done and error messages', () => {
    expect(readWorkerLine('{"type":"ready","version":"1.52","compileMs":140}')).toEqual({ type: 'ready', version: '1.52', compileMs: 140 });
    expect(readWorkerLine('{"type":"done","totalMs":900}')).toEqual({ type: 'done', totalMs: 900 });
    expect(readWorkerLine('{"type":"error","message":"voice xx not found"}')).toEqual({ type: 'error', message: 'voice xx not found' });
    const clause = readWorkerLine(
      JSON.stringify({
        type: 'clause',
        index: 0,
        wav: '/tmp/c0.wav',
        ipa: 'həlˈoʊ',
        ms: 620,
        events: [
          { type: 'word', ms: 0, pos: 0, len: 5 },
          { type: 'phoneme', ms: 10, pos: 0, ipa: 'h' },
          { type: 'phoneme', ms: 300, pos: 2, ipa: '' },
          { type: 'end', ms: 620 },
        ],
      }),
    );
    expect(clause).toEqual({
      type: 'clause',
      index: 0,
      wav: '/tmp/c0.wav',
      ipa: 'həlˈoʊ',
      ms: 620,
      events: [
        { type: 'word', ms: 0, pos: 0, len: 5 },
        { type: 'phoneme', ms: 10, pos: 0, ipa: 'h' },
        { type: 'phoneme', ms: 300, pos: 2, ipa: '' },
        { type: 'end', ms: 620 },
      ],
    });
  });

  it('drops a clause’s malformed events and keeps the rest', () => {
    const clause = readWorkerLine(
      JSON.stringify({
        type: 'clause',
        index: 1,
        wav: 'w',
        ipa: '',
        ms: 10,
        events: [{ type: 'phoneme', ms: 'soon', pos: 0, ipa: 'a' }, { type: 'word', ms: 1, pos: 0 }, null, { type: 'phoneme', ms: Infinity, pos: 0, ipa: 'a' }, { type: 'end', ms: 10 }],
      }),
    );
    expect(clause?.type === 'clause' && clause.events).toEqual([{ type: 'end', ms: 10 }]);
    expect(readWorkerLine('{"type":"clause","index":2,"wav":"w","ipa":"","ms":0}')).toMatchObject({ events: [] });
  });

  it('calls a line that is not JSON garbled, keeping its start, and passes over blank lines and unknown messages', () => {
    const trace = `TypeError: cannot read properties of undefined ${'x'.repeat(300)}`;
    expect(readWorkerLine(trace)).toEqual({ type: 'garbled', text: trace.slice(0, 200) });
    expect(readWorkerLine('   ')).toBeUndefined();
    expect(readWorkerLine('{"type":"progress","n":1}')).toBeUndefined();
    expect(readWorkerLine('42')).toBeUndefined();
  });
});

describe('LineReader', () => {
  it('joins a line cut across chunks and keeps an unfinished last line for the end', () => {
    const reader = new LineReader();
    expect(reader.push('{"type":"re')).toEqual([]);
    expect(reader.push('ady"}\n{"type":"done"')).toEqual(['{"type":"ready"}']);
    expect(reader.push('}\n\n')).toEqual(['{"type":"done"}', '']);
    expect(reader.push('tail')).toEqual([]);
    expect(reader.end()).toEqual(['tail']);
    expect(reader.end()).toEqual([]);
  });
});
