/**
 * `npm run loadtest -- --stack <env> --scenario <name> --in-cluster`: the Job that runs a scenario
 * in the environment's cluster now, as YAML for `kubectl create -f -`. Built by the same functions
 * as the CronJobs the program keeps when `platform:loadTests.inCluster` is true, so it works in
 * every environment, prod included, where the program creates none.
 */
import { stringify } from "yaml";
import { loadTestConfigMap, loadTestJob } from "../../components/loadtest";
import type { Environment } from "../../stacks/schema";
import type { ResolvedScenario } from "../../stacks/schema/loadtests";

/** A Job name suffix from a time: seconds since the epoch in base 36 (7 characters until 2059). */
export function runSuffix(now: Date): string {
  return Math.floor(now.getTime() / 1000).toString(36);
}

/**
 * The manifests of one on-demand run: the evaluator's ConfigMap (applied alike whether or not the
 * program already keeps it) and the Job, as a multi-document YAML stream.
 */
export function inClusterRun(env: Environment, scenario: ResolvedScenario, now: Date): string {
  const namespace = env.services[scenario.service].namespace;
  const target = {
    namespace,
    image: env.loadTests.image,
    evaluatorImage: env.loadTests.evaluatorImage,
  };
  return [
    loadTestConfigMap(scenario.name, namespace),
    loadTestJob(scenario, target, runSuffix(now)),
  ]
    .map((m) => stringify(m, { lineWidth: 0 }))
    .join("---\n");
}
