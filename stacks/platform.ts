import { buildData, dataOutputs } from "./areas/data-aws";
import { buildFoundation, foundationOutputs } from "./areas/foundation";
import { buildGovernance, governanceOutputs, startGovernance } from "./areas/governance";
import { buildMonitoring, monitoringOutputs } from "./areas/monitoring";
import { buildRendered, isRendered, renderedOutputs } from "./areas/render";
import {
  buildWorkloads,
  KEDA_NAMESPACE,
  workerMaxReplicas,
  workloadOutputs,
} from "./areas/workloads";
import type { Environment } from "./schema";

/**
 * Composes the platform for one environment, area by area. Everything environment-specific
 * arrives in `env`; nothing here asks which environment it is building. Each area is a
 * function in `areas/` that returns what later areas and the stack outputs need.
 */
export function buildPlatform(env: Environment) {
  if (isRendered(env)) return renderedOutputs(buildRendered(env));
  // First, so the cost ledger sees every priced resource the areas below register.
  const ledger = startGovernance();
  const foundation = buildFoundation(env);
  const data = buildData(env, foundation);
  const workloads = buildWorkloads(env, foundation.target, { dependsOn: data.ready });
  const monitoring = buildMonitoring(foundation, {
    data: data.monitoring,
    pgbouncerNamespace: data.dataNamespace,
    workerMaxReplicas: workerMaxReplicas(workloads),
    kedaNamespace: KEDA_NAMESPACE,
  });
  // Last: the estimate covers everything registered before it.
  const governance = buildGovernance(foundation, ledger, {
    alertTopicArn: monitoring?.alertTopicArn,
  });
  return {
    ...foundationOutputs(foundation),
    ...dataOutputs(data),
    ...workloadOutputs(workloads),
    ...monitoringOutputs(monitoring),
    ...governanceOutputs(governance),
  };
}
