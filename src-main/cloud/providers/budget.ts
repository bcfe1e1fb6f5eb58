import { DAILY_CAP_ALERT_FRACTION, PROJECT_BUDGET_USD, type Tier } from '../../../src-shared/providers.js';
import { roundUsd } from './cost-estimate.js';

/**
 * Whether a route's estimate may be spent (SPEC §2): it must fit what is left of the
 * project's budget for the tier and of today's cap. Asked before every call, never after.
 */

/** Reads spending recorded so far; the library's provider ledger is one. */
export interface SpendLedger {
  spentUsd(filter: { since?: number; projectId?: string }): number;
}

export interface BudgetOptions {
  tier: Tier;
  dailyCapUsd: number;
  /** Null: a request outside any project (a CLI dry run, a key test); the budget covers this Budget's own spending. */
  projectId: string | null;
  ledger: SpendLedger;
  now?: () => number;
  /** Where "today" begins; defaults to local midnight, the creator's day. */
  startOfDay?: (now: number) => number;
  projectBudgets?: Readonly<Record<Tier, number>>;
}

export interface BudgetStatus {
  tier: Tier;
  projectBudgetUsd: number;
  projectSpentUsd: number;
  dailyCapUsd: number;
  todaySpentUsd: number;
  /** Today's spending has reached 80% of the cap. */
  dailyAlert: boolean;
}

export type BudgetDecision =
  | { ok: true; status: BudgetStatus; /** Spending this would take today to 80% of the cap or more. */ dailyAlert: boolean }
  | { ok: false; reason: 'project_budget' | 'daily_cap'; message: string; status: BudgetStatus };

/** Float sums of cents drift; a route that fits to a millionth of a dollar fits. */
const EPSILON_USD = 1e-6;

export function localStartOfDay(now: number): number {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

const dollars = (usd: number): string => `$${usd.toFixed(2)}`;

export class Budget {
  private unattributedSpentUsd = 0;
  private readonly now: () => number;

  constructor(private readonly options: BudgetOptions) {
    this.now = options.now ?? Date.now;
  }

  status(): BudgetStatus {
    const { tier, dailyCapUsd, projectId, ledger } = this.options;
    const since = (this.options.startOfDay ?? localStartOfDay)(this.now());
    const todaySpentUsd = roundUsd(ledger.spentUsd({ since }));
    const projectSpentUsd = roundUsd(projectId === null ? this.unattributedSpentUsd : ledger.spentUsd({ projectId }));
    return {
      tier,
      projectBudgetUsd: (this.options.projectBudgets ?? PROJECT_BUDGET_USD)[tier],
      projectSpentUsd,
      dailyCapUsd,
      todaySpentUsd,
      dailyAlert: dailyCapUsd > 0 && todaySpentUsd >= DAILY_CAP_ALERT_FRACTION * dailyCapUsd - EPSILON_USD,
    };
  }

  check(estimateUsd: number): BudgetDecision {
    const status = this.status();
    if (estimateUsd <= 0) return { ok: true, status, dailyAlert: status.dailyAlert };
    const projectLeft = status.projectBudgetUsd - status.projectSpentUsd;
    if (estimateUsd > projectLeft + EPSILON_USD) {
      return {
        ok: false,
        reason: 'project_budget',
        message: `This route would cost about ${dollars(estimateUsd)}, more than the ${dollars(Math.max(0, projectLeft))} left of the ${status.tier} plan's ${dollars(status.projectBudgetUsd)} per project.`,
        status,
      };
    }
    const todayLeft = status.dailyCapUsd - status.todaySpentUsd;
    if (estimateUsd > todayLeft + EPSILON_USD) {
      return {
        ok: false,
        reason: 'daily_cap',
        message: `This route would cost about ${dollars(estimateUsd)}, more than the ${dollars(Math.max(0, todayLeft))} left of today's ${dollars(status.dailyCapUsd)} spending cap.`,
        status,
      };
    }
    const after = status.todaySpentUsd + estimateUsd;
    return { ok: true, status, dailyAlert: status.dailyCapUsd > 0 && after >= DAILY_CAP_ALERT_FRACTION * status.dailyCapUsd - EPSILON_USD };
  }

  /**
   * Tells the budget about money spent by this request. With a project the ledger already
   * has it; without one this is the only record the per-request budget has.
   */
  noteSpent(usd: number): void {
    if (this.options.projectId === null) this.unattributedSpentUsd += usd;
  }
}
