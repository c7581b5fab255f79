/**
 * Bench section of the offline plan: how long `npm run plan` spends running the program under
 * mocks and evaluating the policy pack, per environment (first run includes module loading).
 */
import { runProgram } from "./program";
import { planReport } from "./report";

/** Milliseconds of the program run and of the report (pack + cost) for `runs` plans of `stack`. */
export async function benchPlan(stack: string, runs = 3) {
  const program: number[] = [];
  const report: number[] = [];
  let violations = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const run = await runProgram({ stack });
    const t1 = performance.now();
    violations = (await planReport(run)).verdicts.length;
    program.push(Math.round(t1 - t0));
    report.push(Math.round(performance.now() - t1));
  }
  return { stack, runs, programMs: program, packAndCostMs: report, violations };
}
