import { describe, expect, it } from 'vitest';
import { Budget, localStartOfDay, type SpendLedger } from './budget.js';

/** Spending as the ledger would report it: rows of (time, project, dollars). */
function spending(rows: Array<{ at: number; projectId: string | null; usd: number }>): SpendLedger {
  return {
    spentUsd: ({ since, projectId }) => rows.filter((r) => (since === undefined || r.at >= since) && (projectId === undefined || r.projectId === projectId)).reduce((t, r) => t + r.usd, 0),
  };
}

const NOON = new Date(2026, 10, 25, 12, 0, 0).getTime();
const YESTERDAY = new Date(2026, 10, 24, 23, 0, 0).getTime();

describe('budget', () => {
  it('holds each tier to its per-project budget', () => {
    const ledger = spending([]);
    const fits = (tier: 'free' | 'starter' | 'pro' | 'enterprise', usd: number) => new Budget({ tier, dailyCapUsd: 100, projectId: 'p', ledger, now: () => NOON }).check(usd).ok;
    expect([fits('free', 0.1), fits('free', 0.11)]).toEqual([true, false]);
    expect([fits('starter', 0.5), fits('starter', 0.51)]).toEqual([true, false]);
    expect([fits('pro', 2), fits('pro', 2.01)]).toEqual([true, false]);
    expect([fits('enterprise', 10), fits('enterprise', 10.01)]).toEqual([true, false]);
  });

  it('counts what the project already spent, and says so in dollars', () => {
    const ledger = spending([
      { at: NOON - 1000, projectId: 'p', usd: 1.5 },
      { at: NOON - 1000, projectId: 'other', usd: 1.9 },
    ]);
    const decision = new Budget({ tier: 'pro', dailyCapUsd: 100, projectId: 'p', ledger, now: () => NOON }).check(0.6);
    expect(decision).toMatchObject({ ok: false, reason: 'project_budget' });
    expect(!decision.ok && decision.message).toBe("This route would cost about $0.60, more than the $0.50 left of the pro plan's $2.00 per project.");
  });

  it("refuses what today's cap cannot cover, counting only today's spending", () => {
    const ledger = spending([
      { at: YESTERDAY, projectId: 'a', usd: 4 },
      { at: NOON - 1, projectId: 'b', usd: 4.5 },
    ]);
    const budget = new Budget({ tier: 'enterprise', dailyCapUsd: 5, projectId: 'c', ledger, now: () => NOON });
    expect(budget.check(0.5).ok).toBe(true);
    expect(budget.check(0.51)).toMatchObject({ ok: false, reason: 'daily_cap' });
  });

  it('raises the alert when today reaches 80% of the cap', () => {
    const ledger = spending([{ at: NOON - 1, projectId: 'a', usd: 3.9 }]);
    const budget = new Budget({ tier: 'enterprise', dailyCapUsd: 5, projectId: 'b', ledger, now: () => NOON });
    expect(budget.status().dailyAlert).toBe(false);
    expect(budget.check(0.05)).toMatchObject({ ok: true, dailyAlert: false });
    expect(budget.check(0.1)).toMatchObject({ ok: true, dailyAlert: true });
    const later = new Budget({ tier: 'enterprise', dailyCapUsd: 5, projectId: 'b', ledger: spending([{ at: NOON - 1, projectId: 'a', usd: 4 }]), now: () => NOON });
    expect(later.status().dailyAlert).toBe(true);
  });

  it('without a project, holds this request to the per-project budget by what it spent itself', () => {
    const budget = new Budget({ tier: 'starter', dailyCapUsd: 100, projectId: null, ledger: spending([]), now: () => NOON });
    expect(budget.check(0.5).ok).toBe(true);
    budget.noteSpent(0.3);
    expect(budget.check(0.21).ok).toBe(false);
    expect(budget.check(0.2).ok).toBe(true);
  });

  it('always lets a free route through, even over budget', () => {
    const budget = new Budget({ tier: 'free', dailyCapUsd: 0, projectId: 'p', ledger: spending([{ at: NOON, projectId: 'p', usd: 9 }]), now: () => NOON });
    expect(budget.check(0).ok).toBe(true);
  });

  it('begins the day at local midnight', () => {
    expect(new Date(localStartOfDay(NOON)).getHours()).toBe(0);
    expect(localStartOfDay(NOON)).toBeLessThanOrEqual(NOON);
    expect(NOON - localStartOfDay(NOON)).toBe(12 * 3_600_000);
  });
});
