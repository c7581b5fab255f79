import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedScenario } from "../../model/loadtest/scenario";
import { loadTestConfigMap, loadTestCronJob, loadTestName, type LoadTestTarget } from "./manifests";

/** Arguments of {@link LoadTests}. */
export interface LoadTestsArgs {
  /** The scenarios, defaults resolved; each becomes a suspended CronJob. Required, non-empty. */
  scenarios: ResolvedScenario[];
  /** Namespace of each scenario's service, by service name. Required. */
  namespaces: Record<string, string>;
  /** Fortio's image. Required. */
  image: string;
  /** The evaluator's image (sh and awk). Required. */
  evaluatorImage: string;
}

/**
 * The environment's load test scenarios in the cluster: per scenario, the evaluator's ConfigMap
 * and a suspended CronJob in the service's namespace, from which a run is started on demand
 * (`kubectl create job --from=cronjob/loadtest-<scenario>`). Manifests come from `manifests.ts`.
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
    this.registerOutputs({ cronJobs: this.cronJobs });
  }
}
