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
 * The Prometheus the load tests push to: the one the platform already queries
 * (`platform:autoscaling.prometheusUrl`), in `platform:monitoring.namespace`.
 */
export function prometheusOf(env: Environment): { url: string; namespace: string; port: number } {
  const url = new URL(env.autoscaling.prometheusUrl);
  return {
    url: url.toString(),
    namespace: env.monitoring!.namespace,
    port: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
  };
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
        ports: Object.fromEntries(Object.entries(env.services).map(([name, s]) => [name, s.port])),
        environment: env.name,
        ...(env.monitoring ? { prometheus: prometheusOf(env) } : {}),
      },
      {
        ...site.target.opts,
        dependsOn: [...new Set(scenarios.map((s) => built.workloads.services[s.service]))],
      },
    );
  },
  outputs: (l) => (l === undefined ? {} : { loadTestCronJobs: l.cronJobs }),
};
