import { describe, expect, it } from 'vitest';
import { ProviderError, errorForResponse } from './provider-error.js';
import { backoffDelay, callWithRetries, type StartTimer } from './retry.js';

/** Sleeps recorded, never waited. */
function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

/** A timer that fires only when the test says so. */
function manualTimer(): { startTimer: StartTimer; fireAll: () => void; pending: () => number } {
  const timers = new Set<() => void>();
  return {
    startTimer: (_ms, fire) => {
      timers.add(fire);
      return () => timers.delete(fire);
    },
    fireAll: () => {
      for (const fire of [...timers]) {
        timers.delete(fire);
        fire();
      }
    },
    pending: () => timers.size,
  };
}

const http = (status: number, headers: Record<string, string> = {}) => ({ status, headers: new Headers(headers) });
const NOW = Date.UTC(2026, 10, 25, 12);

describe('callWithRetries', () => {
  it('waits exactly the Retry-After seconds of a 429, then succeeds', async () => {
    const { sleep, waits } = recordingSleep();
    let calls = 0;
    const outcome = await callWithRetries(
      async () => {
        calls += 1;
        if (calls === 1) throw errorForResponse('veo', http(429, { 'Retry-After': '7' }), { now: NOW });
        return 'video';
      },
      { provider: 'veo', timeoutMs: 1000, sleep, random: () => 0.99 },
    );
    expect(outcome).toEqual({ value: 'video', attempts: 2 });
    expect(waits).toEqual([7000]);
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    const { sleep, waits } = recordingSleep();
    let calls = 0;
    await callWithRetries(
      async () => {
        calls += 1;
        if (calls === 1) throw errorForResponse('heygen', http(429, { 'Retry-After': new Date(NOW + 12_000).toUTCString() }), { now: NOW });
        return 'ok';
      },
      { provider: 'heygen', timeoutMs: 1000, sleep },
    );
    expect(waits).toEqual([12_000]);
  });

  it('does not wait out a Retry-After longer than the most it may, so the router moves on', async () => {
    const { sleep, waits } = recordingSleep();
    const error = await callWithRetries(
      async () => {
        throw errorForResponse('veo', http(429, { 'Retry-After': '3600' }), { now: NOW });
      },
      { provider: 'veo', timeoutMs: 1000, sleep },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'rate_limited', attempts: 1 });
    expect(waits).toEqual([]);
  });

  it('never retries a 400', async () => {
    const { sleep, waits } = recordingSleep();
    let calls = 0;
    const error = await callWithRetries(
      async () => {
        calls += 1;
        throw errorForResponse('ideogram', http(400), { now: NOW });
      },
      { provider: 'ideogram', timeoutMs: 1000, sleep },
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
    expect(error).toMatchObject({ kind: 'bad_request', status: 400, attempts: 1 });
  });

  it('never retries a 401 or 403', async () => {
    for (const status of [401, 403]) {
      let calls = 0;
      await callWithRetries(
        async () => {
          calls += 1;
          throw errorForResponse('d-id', http(status), { now: NOW });
        },
        { provider: 'd-id', timeoutMs: 1000, sleep: recordingSleep().sleep },
      ).catch(() => undefined);
      expect(calls).toBe(1);
    }
  });

  it('retries 5xx at most three times with full-jitter exponential backoff', async () => {
    const { sleep, waits } = recordingSleep();
    let calls = 0;
    const error = await callWithRetries(
      async () => {
        calls += 1;
        throw errorForResponse('runway', http(503), { now: NOW });
      },
      { provider: 'runway', timeoutMs: 1000, sleep, random: () => 0.5, baseDelayMs: 1000, maxDelayMs: 3000 },
    ).catch((e: unknown) => e);
    expect(calls).toBe(4);
    expect(error).toMatchObject({ kind: 'transient', attempts: 4 });
    // Half of min(cap, base·2^n): 500, 1000, then capped at 3000 → 1500.
    expect(waits).toEqual([500, 1000, 1500]);
  });

  it('retries a network failure and a 408', async () => {
    let calls = 0;
    const outcome = await callWithRetries(
      async () => {
        calls += 1;
        if (calls === 1) throw new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) });
        if (calls === 2) throw errorForResponse('elevenlabs', http(408), { now: NOW });
        return 'voice';
      },
      { provider: 'elevenlabs', timeoutMs: 1000, sleep: recordingSleep().sleep },
    );
    expect(outcome).toEqual({ value: 'voice', attempts: 3 });
  });

  it('aborts an attempt at its timeout, even one that ignores its signal, and tries again', async () => {
    const timer = manualTimer();
    const signals: AbortSignal[] = [];
    let calls = 0;
    const running = callWithRetries(
      (signal) => {
        calls += 1;
        signals.push(signal);
        if (calls === 1) {
          queueMicrotask(timer.fireAll);
          return new Promise<string>(() => undefined);
        }
        return Promise.resolve('late but fine');
      },
      { provider: 'gemini-image', timeoutMs: 30_000, startTimer: timer.startTimer, sleep: recordingSleep().sleep },
    );
    await expect(running).resolves.toEqual({ value: 'late but fine', attempts: 2 });
    expect(signals[0]?.aborted).toBe(true);
    expect(timer.pending()).toBe(0);
  });

  it('does not repeat a timed-out submit that may have reached the provider', async () => {
    const timer = manualTimer();
    let calls = 0;
    const error = await callWithRetries(
      () => {
        calls += 1;
        queueMicrotask(timer.fireAll);
        return new Promise<string>(() => undefined);
      },
      { provider: 'heygen', timeoutMs: 30_000, startTimer: timer.startTimer, retryTimeouts: false, sleep: recordingSleep().sleep },
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toMatchObject({ kind: 'timeout' });
  });

  it('stops at once when the caller cancels, between attempts or during one', async () => {
    const controller = new AbortController();
    let calls = 0;
    const error = await callWithRetries(
      () => {
        calls += 1;
        queueMicrotask(() => controller.abort());
        return new Promise<string>(() => undefined);
      },
      { provider: 'runway', timeoutMs: 30_000, signal: controller.signal, sleep: recordingSleep().sleep },
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toMatchObject({ kind: 'cancelled' });
  });

  it('turns an adapter bug into an unexpected failure, not retried', async () => {
    let calls = 0;
    const error = await callWithRetries(
      async () => {
        calls += 1;
        throw new RangeError('undefined is not a function');
      },
      { provider: 'ideogram', timeoutMs: 1000, sleep: recordingSleep().sleep },
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'unexpected', message: 'Ideogram failed unexpectedly.' });
  });
});

describe('backoff delay', () => {
  it('is between 0 and the capped exponential, and 0 when the random source says 0', () => {
    for (let retry = 1; retry <= 6; retry += 1) {
      expect(backoffDelay(retry, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 })).toBe(0);
      expect(backoffDelay(retry, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 })).toBe(Math.min(1000, 100 * 2 ** (retry - 1)) - 1);
    }
  });
});
