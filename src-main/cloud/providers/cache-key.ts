import { createHash } from 'node:crypto';
import type { ProviderId } from '../../../src-shared/providers.js';

/**
 * The identity of a provider request (issue 7 "Cache"): sha256 over the provider id and
 * the request in canonical JSON, every Buffer in it replaced by the sha256 of its bytes.
 * Two requests with the same bytes and parameters get the same key whatever order their
 * fields were written in; any other difference gives another key.
 */
export function cacheKey(provider: ProviderId, request: unknown): string {
  return createHash('sha256').update(`talkingphoto-provider-request-v1\n${provider}\n`).update(canonicalJson(request)).digest('hex');
}

/**
 * JSON with object keys sorted and undefined fields left out (as JSON.stringify does), so
 * that equal values always give the same text. Values JSON cannot carry faithfully are
 * refused rather than silently hashed as something else.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    return JSON.stringify({ $sha256: createHash('sha256').update(value).digest('hex') });
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`cannot hash the number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) throw new Error(`cannot hash a ${(value as object).constructor.name}`);
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new Error(`cannot hash a ${typeof value}`);
  }
}
