/**
 * The pull-request comment: what a change does to an environment's cost, replica bounds and
 * policy verdicts, as Markdown, from the plan reports of the base and the head branch.
 */
import { Scaled, SCALES } from "../../model/cost";
import type { PlanReport } from "./report";

const usd = (n: number) =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const signed = (n: number) =>
  Math.abs(n) < 0.005 ? "±0" : `${n > 0 ? "+" : "−"}${usd(Math.abs(n))}`;
const key = (v: PlanReport["verdicts"][number]) => `${v.policy}\u0000${v.message}`;

function costSection(base: PlanReport, head: PlanReport): string[] {
  const rows = [`| | ${SCALES.join(" | ")} |`, `|---|${SCALES.map(() => "---:").join("|")}|`];
  const line = (name: string, b: Scaled | undefined, h: Scaled | undefined) => {
    const cells = SCALES.map((s) => {
      const before = b?.[s] ?? 0;
      const after = h?.[s] ?? 0;
      return before === after ? usd(after) : `${usd(after)} (${signed(after - before)})`;
    });
    return `| ${name} | ${cells.join(" | ")} |`;
  };
  rows.push(line("**total / month**", base.cost.total, head.cost.total));
  const components = [
    ...new Set([...Object.keys(base.cost.byComponent), ...Object.keys(head.cost.byComponent)]),
  ].sort();
  for (const c of components)
    rows.push(line(c, base.cost.byComponent[c], head.cost.byComponent[c]));
  return rows;
}

function boundsSection(base: PlanReport, head: PlanReport): string[] {
  const rows: string[] = [];
  const show = (x?: { min: number; max: number; desired?: number }) =>
    x ? `${x.min}–${x.max}${x.desired !== undefined ? ` (desired ${x.desired})` : ""}` : "—";
  const diff = <T extends { name: string; min: number; max: number }>(
    kind: string,
    b: T[],
    h: T[],
  ) => {
    for (const name of [...new Set([...b.map((x) => x.name), ...h.map((x) => x.name)])].sort()) {
      const before = b.find((x) => x.name === name);
      const after = h.find((x) => x.name === name);
      if (show(before) !== show(after))
        rows.push(`| ${kind} | ${name} | ${show(before)} | ${show(after)} |`);
    }
  };
  diff("node group", base.nodeGroups, head.nodeGroups);
  diff("workload", base.workloads, head.workloads);
  return rows.length === 0
    ? ["No replica or node bounds change."]
    : ["| kind | name | base | head |", "|---|---|---|---|", ...rows];
}

/**
 * The base of an environment the base branch does not have (or cannot plan): nothing, so every
 * cost, bound and violation of the head shows as new.
 */
export function emptyReport(environment: string): PlanReport {
  const zero = { min: 0, baseline: 0, max: 0 };
  return {
    environment,
    resources: 0,
    components: [],
    nodeGroups: [],
    workloads: [],
    publicEndpoints: [],
    cost: {
      currency: "USD",
      region: "-",
      pricingDate: "-",
      discounts: { spot: 0, reserved: 0 },
      total: zero,
      byComponent: {},
      byCapacity: { "on-demand": zero, spot: zero, reserved: zero },
      notModelled: [],
    },
    policyConfig: "",
    verdicts: [],
    mandatoryViolations: 0,
  };
}

/**
 * Markdown comparing two plans of the same environment.
 * @param base the plan of the base branch (e.g. `main`).
 * @param head the plan of the pull request.
 */
export function compareReports(base: PlanReport, head: PlanReport): string {
  const before = new Set(base.verdicts.map(key));
  const after = new Set(head.verdicts.map(key));
  const added = head.verdicts.filter((v) => !before.has(key(v)));
  const resolved = base.verdicts.filter((v) => !after.has(key(v)));
  const status =
    head.mandatoryViolations > 0
      ? `❌ ${head.mandatoryViolations} mandatory violation(s)`
      : "✅ no mandatory violations";
  const verdict = (v: PlanReport["verdicts"][number]) =>
    `- **${v.policy}** (${v.enforcement})${v.resource ? ` \`${v.resource}\`` : ""}: ${v.message}`;
  return [
    `### Plan for \`${head.environment}\`: ${status}`,
    "",
    `Monthly cost estimate (${head.cost.region}, prices of ${head.cost.pricingDate}; spot −${head.cost.discounts.spot * 100} %, reserved −${head.cost.discounts.reserved * 100} %):`,
    "",
    ...costSection(base, head),
    "",
    "Replica and node bounds:",
    "",
    ...boundsSection(base, head),
    "",
    `Resources: ${base.resources} → ${head.resources}.`,
    "",
    added.length === 0
      ? "No new policy violations."
      : `New policy violations:\n\n${added.map(verdict).join("\n")}`,
    ...(resolved.length > 0 ? ["", `Resolved:\n\n${resolved.map(verdict).join("\n")}`] : []),
    "",
  ].join("\n");
}
