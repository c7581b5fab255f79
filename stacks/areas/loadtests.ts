import { LoadTests } from "../../components/loadtest";
import type { Environment } from "../schema";
import { resolveScenario, type ResolvedScenario } from "../schema/loadtests";
import type { Area } from "./area";
import type { Workloads } from "./workloads";

/** The environment's scenarios with every default resolved, in declaration order. */
export function resolvedScenarios(env: Environment): ResolvedScenario[] {
  return Object.entries(env.loadTests.scenarios).map(([name, s]) =>
    resolveScenario(name, s, env.services),
  );
}

/**
 * The in-cluster load tests: created when `platform:loadTests.inCluster` is true (off by
 * default, and in prod), one suspended CronJob per scenario beside its service.
 */
export const loadTestsArea: Area<{ workloads: Workloads }, LoadTests | undefined> = {
  build: ({ env, site, built }) => {
    if (!env.loadTests.inCluster) return undefined;
    const scenarios = resolvedScenarios(env);
    return new LoadTests(
      "loadtests",
      {
        scenarios,
        namespaces: Object.fromEntries(
          Object.entries(env.services).map(([name, s]) => [name, s.namespace]),
        ),
        image: env.loadTests.image,
        evaluatorImage: env.loadTests.evaluatorImage,
      },
      {
        ...site.target.opts,
        dependsOn: [...new Set(scenarios.map((s) => built.workloads.services[s.service]))],
      },
    );
  },
  outputs: (l) => (l === undefined ? {} : { loadTestCronJobs: l.cronJobs }),
};
