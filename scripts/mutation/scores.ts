/**
 * Mutation scores per folder from the last StrykerJS reports on disk (`.cache/stryker/<scope>.json`,
 * mutation-testing-report-schema). Score = detected (killed, timed out) / (detected + survived +
 * not covered); ignored (static) mutants, compile and runtime errors do not count, as in Stryker.
 */
import * as fs from "fs";
import * as path from "path";
import { REPORT_DIR, SCOPES } from "./scopes";

/** Counts and score of one scope's last report. */
export interface ScopeScore {
  scope: string;
  label: string;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  ignored: number;
  /** Percentage, one decimal. */
  score: number;
  /** When the report was written (ISO). */
  at: string;
}

interface Report {
  files: Record<string, { mutants: Array<{ status: string }> }>;
}

/** Counts mutants by status and scores them. */
export function scoreOf(report: Report): Omit<ScopeScore, "scope" | "label" | "at"> {
  const count: Record<string, number> = {};
  for (const f of Object.values(report.files))
    for (const m of f.mutants) count[m.status] = (count[m.status] ?? 0) + 1;
  const killed = count.Killed ?? 0;
  const timeout = count.Timeout ?? 0;
  const survived = count.Survived ?? 0;
  const noCoverage = count.NoCoverage ?? 0;
  const valid = killed + timeout + survived + noCoverage;
  return {
    killed,
    timeout,
    survived,
    noCoverage,
    ignored: count.Ignored ?? 0,
    score: valid === 0 ? 0 : Math.round((1000 * (killed + timeout)) / valid) / 10,
  };
}

/** The score of every scope with a report; scopes without one are listed in `missing`. */
export function lastScores(root: string): { scores: ScopeScore[]; missing: string[] } {
  const scores: ScopeScore[] = [];
  const missing: string[] = [];
  for (const s of SCOPES) {
    const file = path.join(root, REPORT_DIR, `${s.name}.json`);
    if (!fs.existsSync(file)) {
      missing.push(s.label);
      continue;
    }
    const report = JSON.parse(fs.readFileSync(file, "utf8")) as Report;
    scores.push({
      scope: s.name,
      label: s.label,
      ...scoreOf(report),
      at: fs.statSync(file).mtime.toISOString(),
    });
  }
  return { scores, missing };
}

/** Prints one JSON line per scope with a report, and one naming the scopes without. */
export function printMutationScores(root = path.resolve(__dirname, "..", "..")): void {
  const { scores, missing } = lastScores(root);
  for (const s of scores) console.log(JSON.stringify({ bench: "mutation-score", ...s }));
  if (missing.length > 0)
    console.log(
      JSON.stringify({
        bench: "mutation-score",
        missing,
        note: "no report on disk for these; run `npm run mutation` first",
      }),
    );
}

if (require.main === module) printMutationScores();
