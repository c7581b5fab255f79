import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedScenario } from "../../model/loadtest/scenario";
import { GRAFANA_DASHBOARD_LABEL } from "../monitoring/dashboards";
import { loadTestConfigMap, loadTestCronJob, loadTestName, type LoadTestTarget } from "./manifests";
import {
  type DrivenService,
  loadTestDashboard,
  loadTestNetworkPolicies,
  otlpMetricsUrl,
} from "./results";

/** Arguments of {@link LoadTests}. */
export interface LoadTestsArgs {
  /** The scenarios, defaults resolved; each becomes a suspended CronJob. Required, non-empty. */
  scenarios: ResolvedScenario[];
  /** Namespace of each scenario's service, by service name. Required. */
  namespaces: Record<string, string>;
  /** Fortio's image. Required. */
  image: string;
  /** The evaluator's image (sh, awk and curl). Required. */
  evaluatorImage: string;
  /** Each driven service's container port, by service name. Required. */
  ports: Record<string, number>;
  /** Environment name, in the dashboard's title. Required. */
  environment: string;
  /**
   * Prometheus (kube-prometheus-stack with its OTLP receiver on): where the figures are pushed
   * and the dashboard goes. @default no push, no dashboard
   */
  prometheus?: { url: string; namespace: string; port: number };
}

/**
 * The environment's load test scenarios in the cluster: per scenario, the evaluator's ConfigMap
 * and a suspended CronJob in the service's namespace, from which a run is started on demand
 * (`kubectl create job --from=cronjob/loadtest-<scenario>`); the NetworkPolicies its pods need;
 * and, with Prometheus, the dashboard with a row per scenario. Manifests come from `manifests.ts`
 * and `results.ts`.
 */
export class LoadTests extends pulumi.ComponentResource {
  /** CronJob names by scenario. */
  readonly cronJobs: Record<string, string>;

  constructor(name: string, args: LoadTestsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:loadtest:LoadTests", name, {}, opts);
    if (args.scenarios.length === 0) throw new Error(`${name}: no scenario to create`);
    this.cronJobs = {};
    for (const s of args.scenarios) {
      const namespace = args.namespaces[s.service];
      if (namespace === undefined)
        throw new Error(`${name}: no namespace for service ${s.service}`);
      const target: LoadTestTarget = {
        namespace,
        image: args.image,
        evaluatorImage: args.evaluatorImage,
        ...(args.prometheus ? { otlpUrl: otlpMetricsUrl(args.prometheus.url) } : {}),
      };
      const config = new k8s.core.v1.ConfigMap(
        `${name}-${s.name}-evaluator`,
        loadTestConfigMap(s.name, namespace),
        { parent: this },
      );
      new k8s.batch.v1.CronJob(`${name}-${s.name}`, loadTestCronJob(s, target), {
        parent: this,
        dependsOn: [config],
      });
      this.cronJobs[s.name] = loadTestName(s.name);
    }
    const driven: DrivenService[] = [...new Set(args.scenarios.map((s) => s.service))].map(
      (service) => ({
        name: service,
        namespace: args.namespaces[service],
        port: args.ports[service],
      }),
    );
    const prometheus = args.prometheus && {
      namespace: args.prometheus.namespace,
      port: args.prometheus.port,
    };
    for (const policy of loadTestNetworkPolicies(driven, prometheus))
      new k8s.networking.v1.NetworkPolicy(
        `${name}-netpol-${policy.metadata.namespace}-${policy.metadata.name}`,
        policy,
        { parent: this },
      );
    if (args.prometheus)
      new k8s.core.v1.ConfigMap(
        `${name}-dashboard`,
        {
          metadata: {
            name: "platform-loadtests-dashboard",
            namespace: args.prometheus.namespace,
            labels: { ...GRAFANA_DASHBOARD_LABEL },
          },
          data: {
            "platform-loadtests.json": JSON.stringify(
              loadTestDashboard(args.environment, args.scenarios),
              null,
              2,
            ),
          },
        },
        { parent: this },
      );
    this.registerOutputs({ cronJobs: this.cronJobs });
  }
}
