/**
 * `npm run loadtest -- --stack <env> --scenario <name> --in-cluster`: the manifests that run a
 * scenario in the environment's cluster now, as YAML for `kubectl apply -f -`. Built by the same
 * functions as the CronJobs the program keeps when `platform:loadTests.inCluster` is true, so it
 * works in every environment, prod included, where the program creates none.
 */
import { stringify } from "yaml";
import {
  loadTestConfigMap,
  loadTestJob,
  loadTestNetworkPolicies,
  otlpMetricsUrl,
} from "../../components/loadtest";
import { prometheusOf } from "../../stacks/areas/loadtests";
import type { Environment } from "../../stacks/schema";
import type { ResolvedScenario } from "../../stacks/schema/loadtests";

/** A Job name suffix from a time: seconds since the epoch in base 36 (7 characters until 2059). */
export function runSuffix(now: Date): string {
  return Math.floor(now.getTime() / 1000).toString(36);
}

/**
 * The manifests of one on-demand run, as a multi-document YAML stream: the evaluator's ConfigMap
 * and the NetworkPolicies the run needs (the objects the program keeps where `inCluster` is on,
 * so applying them again changes nothing), then the Job, named for the moment it was rendered.
 */
export function inClusterRun(env: Environment, scenario: ResolvedScenario, now: Date): string {
  const service = env.services[scenario.service];
  const prometheus = env.monitoring ? prometheusOf(env) : undefined;
  const target = {
    namespace: service.namespace,
    image: env.loadTests.image,
    evaluatorImage: env.loadTests.evaluatorImage,
    ...(prometheus ? { otlpUrl: otlpMetricsUrl(prometheus.url) } : {}),
  };
  const driven = [{ name: scenario.service, namespace: service.namespace, port: service.port }];
  return [
    loadTestConfigMap(scenario.name, service.namespace),
    ...loadTestNetworkPolicies(driven, prometheus),
    loadTestJob(scenario, target, runSuffix(now)),
  ]
    .map((m) => stringify(m, { lineWidth: 0 }))
    .join("---\n");
}
