import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_KINDS, isRetryable } from './errors.js';

describe('error codes', () => {
  it('every code declares whether a retry can help, as a boolean beside the code', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(40);
    for (const code of ERROR_CODES) expect(typeof ERROR_KINDS[code].retry, code).toBe('boolean');
  });

  it('input the creator must fix and a full disk are never retried; a crashed encoder and an unreachable service are', () => {
    for (const code of ['NO_FACE', 'NOT_A_VIDEO', 'SCRIPT_EMPTY', 'DISK_FULL', 'OUTPUT_NOT_WRITABLE', 'CANCELLED'] as const) expect(isRetryable(code), code).toBe(false);
    for (const code of ['RENDER_FAILED', 'TTS_FAILED', 'SERVICE_UNREACHABLE'] as const) expect(isRetryable(code), code).toBe(true);
  });

  it('a failure without a declared code (a bug, reported as UNEXPECTED) is retried', () => {
    expect(isRetryable('UNEXPECTED')).toBe(true);
    expect(isRetryable('toString')).toBe(true);
  });
});
