/**
 * What mutation testing covers, one scope per folder the issue names: the code it mutates and
 * the fast test files that run against each mutant. Only fast tests belong here: each mutant runs
 * the tests that cover it, and a test that runs the program (10-30 s) or evaluates the pack over a
 * whole environment (seconds) would turn a run of minutes into hours over a thousand mutants; those
 * suites still run in `npm test`. `npm run mutation`, `npm run bench` and
 * the CI step read this one list.
 */

/** One scope: a folder (or set of pure builders) and the tests that judge its mutants. */
export interface MutationScope {
  /** Short name: the report is `.cache/stryker/<name>.json`. */
  name: string;
  /** Folder or files the score is reported for, as the README names them. */
  label: string;
  /** Globs of the code mutated. */
  mutate: string[];
  /** Mocha spec files run against each mutant (only those covering it, per test). */
  tests: string[];
}

export const SCOPES: MutationScope[] = [
  {
    name: "policy",
    label: "policy/",
    mutate: ["policy/**/*.ts"],
    tests: [
      // Hand-made resources through the real evaluator, milliseconds each. The program-run
      // suites (bounds, guardrails, defence, edge, shipped, zone-spread-program, ...) stay out.
      "tests/policy/boundaries.test.ts",
      "tests/policy/bound-details.test.ts",
      "tests/policy/cost-boundaries.test.ts",
      "tests/policy/defence-boundaries.test.ts",
      "tests/policy/guardrail-boundaries.test.ts",
      "tests/policy/lib-boundaries.test.ts",
      "tests/policy/scope.test.ts",
      "tests/policy/zone-spread.test.ts",
    ],
  },
  {
    name: "schema",
    label: "stacks/schema/",
    mutate: ["stacks/schema/**/*.ts"],
    // Schema parsing on edited stack files only. None of these files may load the program or the
    // Pulumi SDK, nor parse a stack file while it loads (at `describe` time): either makes schema
    // mutants "static", each run in a fresh process that loads everything again.
    tests: [
      "tests/stacks/aws-schema.test.ts",
      "tests/stacks/boundaries.test.ts",
      "tests/stacks/capacity-checks.test.ts",
      "tests/stacks/config-keys.test.ts",
      "tests/stacks/cross-checks.test.ts",
      "tests/stacks/data-schema.test.ts",
      "tests/stacks/deploy.test.ts",
      "tests/stacks/edge-checks.test.ts",
      "tests/stacks/edge-schema.test.ts",
      "tests/stacks/load-schema.test.ts",
      "tests/stacks/loadtests-schema.test.ts",
      "tests/stacks/monitoring-schema.test.ts",
      "tests/stacks/network-schema.test.ts",
      "tests/stacks/nodegroups-schema.test.ts",
      "tests/stacks/off-hours.test.ts",
      "tests/stacks/ownership-exposure.test.ts",
      "tests/stacks/render-schema.test.ts",
      "tests/stacks/resolved-environment.test.ts",
      "tests/stacks/safety-schema.test.ts",
      "tests/stacks/schema-rules.test.ts",
      "tests/stacks/schema.test.ts",
      "tests/stacks/secrets-schema.test.ts",
      "tests/stacks/usage-schema.test.ts",
      "tests/stacks/versions.test.ts",
      "tests/stacks/workload-checks.test.ts",
    ],
  },
  {
    name: "capacity",
    label: "model/capacity/",
    mutate: ["model/capacity/**/*.ts"],
    tests: ["tests/model/capacity/*.test.ts"],
  },
  {
    name: "cost",
    label: "model/cost/",
    mutate: ["model/cost/**/*.ts"],
    // schedule: schedule.ts (awake hours, sleeping cost); usage: usage.ts and its lines in
    // resources.ts; support-and-network: EKS support, Elastic IPs, endpoints and reservations in
    // compute.ts and network.ts; coverage: coverage.ts (free types) and classifyResource. Three of
    // coverage's tests run dev, staging and prod once per test process (the dry run); mutants then
    // reuse those cached runs, so only the estimate recomputed inside a test sees the mutant.
    // A mutant that also runs while a module loads ("hybrid", e.g. a free type's reason) runs in
    // a fresh process against only the tests that cover it; the rule files read such tables from a
    // fresh load (tests/model/cost/fresh.ts) so that they count as covering them.
    tests: [
      "tests/model/cost/free-types.test.ts",
      "tests/model/cost/compute-rules.test.ts",
      "tests/model/cost/cost-inputs.test.ts",
      "tests/model/cost/data-rules.test.ts",
      "tests/model/cost/edge-rules.test.ts",
      "tests/model/cost/items-rules.test.ts",
      "tests/model/cost/props.test.ts",
      "tests/model/cost/usage-rules.test.ts",
      "tests/model/cost/stack-summary.test.ts",
      "tests/model/cost/unit-price.test.ts",
      "tests/model/cost/anchors.test.ts",
      "tests/model/cost/coverage.test.ts",
      "tests/model/cost/edge.test.ts",
      "tests/model/cost/estimate.test.ts",
      "tests/model/cost/monotone.test.ts",
      "tests/model/cost/pricing.test.ts",
      "tests/model/cost/resources.test.ts",
      "tests/model/cost/schedule.test.ts",
      "tests/model/cost/schedule-rules.test.ts",
      "tests/model/cost/support-and-network.test.ts",
      "tests/model/cost/usage.test.ts",
    ],
  },
  {
    name: "builders",
    label: "components/ pure builders (PgBouncer, partitions, alert rules, placement)",
    mutate: [
      "components/database/pgbouncer/{settings,validate,render,manifests}.ts",
      "components/database/partitions/{ddl,identifiers,maintenance,spec,validate}.ts",
      "components/database/placement.ts",
      "components/monitoring/rules/{alerts,metrics,render,targets}.ts",
      "components/workloads/placement.ts",
      "components/nodegroups/placement.ts",
    ],
    tests: [
      "tests/components/database/pgbouncer.test.ts",
      "tests/components/database/pgbouncer-rules.test.ts",
      "tests/components/database/partitions.test.ts",
      "tests/components/database/partitions-rules.test.ts",
      "tests/components/database/placement.test.ts",
      "tests/components/database/manifests.test.ts",
      "tests/components/monitoring/alert-plan.test.ts",
      "tests/components/monitoring/rule-problems.test.ts",
      "tests/components/monitoring/rules.test.ts",
      "tests/components/monitoring/targets.test.ts",
      "tests/components/nodegroups/placement.test.ts",
      "tests/components/workloads/placement.test.ts",
    ],
  },
];

/** Where a scope's last report and incremental state live (`.cache/` is not committed). */
export const REPORT_DIR = ".cache/stryker";

/** A glob of the forms used above (`**`, `*`, `{a,b}`) as an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      // `**/` matches any number of folders, none included.
      re += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += glob[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "{") {
      const end = glob.indexOf("}", i);
      re += `(?:${glob
        .slice(i + 1, end)
        .split(",")
        .map((s) => s.replace(/[.+^$()|[\]\\]/g, "\\$&"))
        .join("|")})`;
      i = end;
    } else re += c.replace(/[.+?^$()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** The scope whose mutate globs cover a repository-relative file, if any. */
export function scopeOf(file: string): MutationScope | undefined {
  return SCOPES.find((s) => s.mutate.some((g) => globToRegExp(g).test(file)));
}
