/**
 * The generated parts of docs/: the configuration reference, the policy table and the cost table.
 * Each lives between `<!-- generated:<name>:start -->` and `<!-- generated:<name>:end -->` in its
 * page; `npm run docs` rewrites them and a test fails when a page is out of date, so no figure
 * in them is ever typed by hand.
 */
import * as fs from "fs";
import * as path from "path";
import type { CostSummary, Scaled } from "../../model/cost";
import { awsEnvironments } from "../../stacks/load";
import { configReference } from "./config-reference";
import { readPackConfig, resolvePack } from "./policy";
import { PROJECT_ROOT, type ProgramRun } from "./program";

/** One generated section: the page, its name, and how it is made. */
export interface GeneratedSection {
  /** Page, relative to the project. */
  file: string;
  name: string;
  /** @param runOf the program run of an environment (the tests pass their cached runs). */
  render(runOf: (env: string) => Promise<ProgramRun>): Promise<string>;
}

/** `$1,234.56`. */
export const usd = (n: number) =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** A Markdown table: header, alignment row, rows. */
function markdownTable(header: string[], rows: string[][], align?: string[]): string {
  const esc = (c: string) => c.replace(/\|/g, "\\|");
  return [
    `| ${header.map(esc).join(" | ")} |`,
    `| ${(align ?? header.map(() => "---")).join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}

/** A rule's settings for one environment, e.g. `mandatory; min 2, max 50`. */
function setting(enforcement: string, config: Record<string, unknown>): string {
  const values = Object.entries(config).map(
    ([k, v]) => `${k} ${Array.isArray(v) ? (v.length > 0 ? v.join(", ") : "none") : String(v)}`,
  );
  return [enforcement, ...(values.length ? [values.join(", ")] : [])].join("; ");
}

/** Every rule of the pack: what it checks and its enforcement and settings per AWS environment. */
export async function policyTable(): Promise<string> {
  const envs = awsEnvironments(PROJECT_ROOT);
  const resolved = envs.map((env) => resolvePack(readPackConfig(env), `policy/config/${env}.json`));
  const rows = resolved[0].map((r, i) => [
    `\`${r.rule.name}\``,
    r.rule.description.replace(/^Checks whether /, "").replace(/\.$/, ""),
    ...resolved.map((forEnv) => setting(forEnv[i].enforcement, forEnv[i].config)),
  ]);
  return markdownTable(["rule", "checks whether", ...envs], rows);
}

/** Monthly estimates per AWS environment at min / baseline / max, and the Budget's limit. */
export async function costTable(runOf: (env: string) => Promise<ProgramRun>): Promise<string> {
  const envs = awsEnvironments(PROJECT_ROOT);
  // One at a time: the Pulumi runtime the runs share is process-global.
  const runs: { env: string; run: ProgramRun }[] = [];
  for (const env of envs) runs.push({ env, run: await runOf(env) });
  const estimates = runs.map(({ env, run }) => {
    const e = run.outputs.costEstimate as CostSummary | { unavailable: string };
    return {
      env,
      run,
      e: "total" in e ? e : undefined,
      why: "unavailable" in e ? e.unavailable : "",
    };
  });
  const scaled = (s: Scaled) => [usd(s.min), usd(s.baseline), usd(s.max)];
  const totals = markdownTable(
    ["environment", "min", "baseline", "max", "budget limit", "prices"],
    estimates.map(({ env, run, e, why }) => [
      env,
      ...(e ? scaled(e.total) : [why, "", ""]),
      run.outputs.budgetLimitUsd === undefined ? "none" : usd(run.outputs.budgetLimitUsd as number),
      e ? `${e.region}, ${e.pricingDate}` : "",
    ]),
    ["---", "---:", "---:", "---:", "---:", "---"],
  );
  const components = [
    ...new Set(estimates.flatMap(({ e }) => (e ? Object.keys(e.byComponent) : []))),
  ].sort();
  const byComponent = markdownTable(
    ["at max, by component", ...envs],
    [...components, "total"].map((c) => [
      c,
      ...estimates.map(({ e }) =>
        e === undefined ? "" : usd(c === "total" ? e.total.max : (e.byComponent[c]?.max ?? 0)),
      ),
    ]),
    ["---", ...envs.map(() => "---:")],
  );
  return `${totals}\n\n${byComponent}`;
}

/** The generated sections, page by page. */
export const GENERATED: GeneratedSection[] = [
  {
    file: "docs/configuration.md",
    name: "config-reference",
    render: async () => configReference(),
  },
  { file: "docs/governance.md", name: "policy-table", render: () => policyTable() },
  { file: "docs/governance.md", name: "cost-table", render: (runOf) => costTable(runOf) },
];

/** `text` with the named section's content replaced; throws when the page has no such markers. */
export function replaceSection(text: string, file: string, name: string, content: string): string {
  const start = `<!-- generated:${name}:start -->`;
  const end = `<!-- generated:${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${file} has no ${start} ... ${end} section`);
  return `${text.slice(0, i + start.length)}\n${content}\n${text.slice(j)}`;
}

/** Every page with a generated section, as it should read now: file -> text. */
export async function generatedPages(
  runOf: (env: string) => Promise<ProgramRun>,
): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  for (const s of GENERATED) {
    const current = pages.get(s.file) ?? fs.readFileSync(path.join(PROJECT_ROOT, s.file), "utf8");
    pages.set(s.file, replaceSection(current, s.file, s.name, await s.render(runOf)));
  }
  return pages;
}
