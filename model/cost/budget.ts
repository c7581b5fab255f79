/**
 * Budgets that mean something: a notification that fires in a normal month teaches people to
 * ignore it. Every threshold of an environment's budget must lie above the baseline estimate, so
 * an alert says that spending has left the expected month.
 */

/** The thresholds of a budget, as % of its limit (`platform:budget` keys). */
export interface BudgetThresholds {
  /** Actual spend that warns. */
  actualAlertPercent: number;
  /** Forecasted spend that warns. */
  forecastAlertPercent: number;
  /** Actual spend that scales application capacity down; undefined when there is none. */
  shutdownAtPercent?: number;
}

/** A threshold that would fire on the baseline, by its `platform:budget` key. */
export interface ThresholdProblem {
  key: keyof BudgetThresholds;
  message: string;
}

/**
 * The thresholds that would fire when the month costs exactly the baseline estimate.
 * @param baselineUsd baseline monthly estimate.
 * @param limitUsd the budget's limit.
 * @param t thresholds (% of the limit).
 * @returns one problem per threshold at or below the baseline; empty when all lie above it.
 */
export function thresholdsBelowBaseline(
  baselineUsd: number,
  limitUsd: number,
  t: BudgetThresholds,
): ThresholdProblem[] {
  const out: ThresholdProblem[] = [];
  const minimum = (100 * baselineUsd) / limitUsd;
  for (const key of ["actualAlertPercent", "forecastAlertPercent", "shutdownAtPercent"] as const) {
    const pct = t[key];
    if (pct === undefined || (pct * limitUsd) / 100 > baselineUsd) continue;
    out.push({
      key,
      message: `${key} ${pct} % of the $${limitUsd.toFixed(2)} limit is $${((pct * limitUsd) / 100).toFixed(2)}, not above the baseline estimate $${baselineUsd.toFixed(2)}: it would fire every month; use more than ${minimum.toFixed(1)} or raise the limit`,
    });
  }
  return out;
}
