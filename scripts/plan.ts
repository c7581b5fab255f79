/**
 * `npm run plan -- --stack <env> [--json] [--compare <base.json>]`: what `pulumi up` would create
 * for an environment, computed offline by running the real program under mocks: resources by
 * component, replica and node bounds, the monthly cost estimate, and every verdict of the real
 * policy pack with `policy/config/<env>.json`. Exits 1 when a mandatory policy is violated.
 * `--json` prints the report as JSON (keep it as the base of a later `--compare`); `--compare`
 * prints a Markdown diff against such a base report (or `{}` for "nothing yet"), for a
 * pull-request comment.
 */
import * as fs from "fs";
import { parseArgs } from "util";
import { Scaled, SCALES, SleepingSummary } from "../model/cost";
import { listEnvironments } from "../stacks";
import { compareReports, emptyReport } from "./lib/compare";
import { runProgram } from "./lib/program";
import { PlanReport, planReport } from "./lib/report";
import { table } from "./lib/summary";

const usd = (n: number) =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function printText(r: PlanReport, ms: number): void {
  console.log(
    `Plan for environment "${r.environment}": ${r.resources} resources in ${r.components.length} components\n`,
  );
  for (const c of r.components) {
    console.log(`${c.component} (${c.type}): ${c.total}`);
    for (const [type, n] of Object.entries(c.resources).sort())
      console.log(`    ${String(n).padStart(3)}  ${type}`);
  }
  console.log(
    `\nNode groups\n${table(
      ["name", "capacity", "instance types", "min", "desired", "max"],
      r.nodeGroups.map((n) => [
        n.name,
        n.capacityType,
        n.instanceTypes.join(","),
        n.min,
        n.desired,
        n.max,
      ]),
    )}`,
  );
  const t = r.systemTier;
  if (t)
    console.log(
      `\nSystem tier: the add-ons request ${t.cpu} vCPU / ${t.memoryGiB} GiB in ${t.pods} pods; ` +
        `${t.nodesWithHeadroom} ${t.instanceType} nodes with the planner's headroom, ${t.nodesWithoutHeadroom} without (the least an off-hours size may be)`,
    );
  console.log(
    `\nWorkload replicas\n${table(
      ["workload", "scaled by", "min", "max"],
      r.workloads.map((w) => [w.name, w.scaler, w.min, w.max]),
    )}`,
  );
  if (r.publicEndpoints.length > 0)
    console.log(
      `\nPublic endpoints (monthly cost of each endpoint's own resources)\n${table(
        ["service", "host", "certificate", "WAF limit / IP / 5 min", "CDN", ...SCALES],
        r.publicEndpoints.map((e) => [
          e.service,
          e.host,
          e.tls,
          e.rateLimit,
          e.cdn,
          ...SCALES.map((s) => usd(e.monthlyUsd[s])),
        ]),
      )}`,
    );
  const c = r.cost;
  const rows = (group: Record<string, Scaled>) =>
    Object.entries(group).map(([k, v]) => [k, ...SCALES.map((s) => usd(v[s]))]);
  console.log(
    `\nMonthly cost (${c.region}, prices of ${c.pricingDate}, spot -${c.discounts.spot * 100} %, reserved -${c.discounts.reserved * 100} %)\n` +
      table(
        ["", ...SCALES],
        [...rows(c.byComponent), ["total", ...SCALES.map((s) => usd(c.total[s]))]],
      ) +
      `\n\nby capacity type\n${table(["", ...SCALES], rows(c.byCapacity))}` +
      (c.notModelled.length > 0 ? `\n\nnot in the estimate: ${c.notModelled.join(", ")}` : ""),
  );
  if (c.sleeping) printSleeping(c.sleeping);
  console.log(
    `\nPolicies (${r.policyConfig}): ${r.verdicts.length === 0 ? "every policy passes" : `${r.verdicts.length} violation(s), ${r.mandatoryViolations} mandatory`}`,
  );
  for (const v of r.verdicts)
    console.log(
      `  [${v.enforcement}] ${v.policy}${v.resource ? ` (${v.resource})` : ""}: ${v.message}`,
    );
  console.log(`\n(computed offline under mocks in ${ms} ms)`);
}

/** The office-hours schedule priced: baseline always on vs asleep, and what keeps the bill up. */
function printSleeping(s: SleepingSummary): void {
  console.log(
    `\nAsleep outside office hours (${s.officeHoursPerWeek} h a week in office hours): baseline ${usd(s.alwaysOn)} always on, ` +
      `${usd(s.asleep)} asleep, saving ${s.savingsPercent} % (seed: about 40 %)\n` +
      `dearest charges that never sleep\n${table(
        ["resource", "price", "monthly", "why"],
        s.awake.map((a) => [a.resource, a.label, usd(a.monthly), a.why]),
      )}`,
  );
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string" },
      json: { type: "boolean", default: false },
      compare: { type: "string" },
    },
  });
  const known = listEnvironments();
  if (!values.stack || !known.includes(values.stack)) {
    console.error(
      `usage: npm run plan -- --stack <${known.join("|")}> [--json] [--compare <base.json>]`,
    );
    return 2;
  }
  let base: PlanReport | undefined;
  if (values.compare) {
    try {
      base = JSON.parse(fs.readFileSync(values.compare, "utf8")) as PlanReport;
    } catch (e) {
      console.error(
        `--compare ${values.compare}: cannot read a plan report (${(e as Error).message}); make one with --json`,
      );
      return 2;
    }
    // `{}`: the base branch has no plan of this environment (new environment, or before plans existed).
    if (Object.keys(base).length === 0) base = emptyReport(values.stack);
    if (base.environment !== values.stack) {
      console.error(
        `--compare ${values.compare} is a plan of "${base.environment}", not "${values.stack}"`,
      );
      return 2;
    }
  }
  const started = Date.now();
  const report = await planReport(await runProgram({ stack: values.stack }));
  if (base) console.log(compareReports(base, report));
  else if (values.json) console.log(JSON.stringify(report, null, 2));
  else printText(report, Date.now() - started);
  return report.mandatoryViolations > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
