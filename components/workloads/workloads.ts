/**
 * Thin components over the manifest builders in this folder. Each one's children are named
 * `${name}-<role>` and inherit the Kubernetes provider from the options it is given.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { type ChartRef, releaseChart } from "../shared/helm";
import { podSecurityLabels } from "../shared/labels";
import {
  AUTOSCALING_NAMESPACE,
  kedaValues,
  metricsServerValues,
  prometheusAdapterValues,
} from "./addons";
import {
  headroomDeployment,
  type HeadroomSpec,
  PRIORITY_CLASSES,
  priorityClassArgs,
} from "./priority";
import {
  disruptionBudget,
  type ServiceSpec,
  serviceDeployment,
  serviceHpa,
  serviceService,
} from "./service";
import { scaledObject, triggerAuthentication, type WorkerSpec, workerDeployment } from "./worker";
import { workloadLabels } from "./placement";

/** The platform's PriorityClasses: services above workers above placeholders. */
export class PriorityClasses extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("platform:workloads:PriorityClasses", name, {}, opts);
    for (const kind of Object.keys(PRIORITY_CLASSES) as (keyof typeof PRIORITY_CLASSES)[]) {
      new k8s.scheduling.v1.PriorityClass(`${name}-${kind}`, priorityClassArgs(kind), {
        parent: this,
      });
    }
    this.registerOutputs({});
  }
}

/** Arguments of {@link AutoscalingAddons}. */
export interface AutoscalingAddonsArgs {
  /** Pinned charts (`platform:autoscaling.charts`). */
  charts: { keda: ChartRef; metricsServer: ChartRef; prometheusAdapter: ChartRef };
  /** Prometheus the adapter queries. */
  prometheusUrl: string;
  /** Request counter the adapter turns into req/s per pod. */
  requestsCounter: string;
  /** Window of the adapter's `rate()` over the counter, seconds. @default 60 */
  rateWindowSeconds?: number;
}

/** metrics-server, KEDA and prometheus-adapter as Helm releases. Only for a live cluster. */
export class AutoscalingAddons extends pulumi.ComponentResource {
  /** The KEDA release; ScaledObjects wait for its CRDs. */
  readonly keda: k8s.helm.v3.Release;
  /** The namespace of KEDA and prometheus-adapter. */
  readonly namespace: k8s.core.v1.Namespace;

  constructor(name: string, args: AutoscalingAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:workloads:AutoscalingAddons", name, {}, opts);
    // The charts' pods are not all restricted-compliant at every version: baseline, restricted reported.
    const ns = new k8s.core.v1.Namespace(
      `${name}-ns`,
      { metadata: { name: AUTOSCALING_NAMESPACE, labels: podSecurityLabels("baseline") } },
      { parent: this },
    );
    this.namespace = ns;
    new k8s.helm.v3.Release(
      `${name}-metrics-server`,
      {
        ...releaseChart(args.charts.metricsServer),
        name: "metrics-server",
        namespace: "kube-system",
        values: metricsServerValues(),
      },
      { parent: this },
    );
    this.keda = new k8s.helm.v3.Release(
      `${name}-keda`,
      {
        ...releaseChart(args.charts.keda),
        name: "keda",
        namespace: AUTOSCALING_NAMESPACE,
        values: kedaValues(),
      },
      { parent: this, dependsOn: [ns] },
    );
    new k8s.helm.v3.Release(
      `${name}-prometheus-adapter`,
      {
        ...releaseChart(args.charts.prometheusAdapter),
        name: "prometheus-adapter",
        namespace: AUTOSCALING_NAMESPACE,
        values: prometheusAdapterValues(
          args.prometheusUrl,
          args.requestsCounter,
          args.rateWindowSeconds,
        ),
      },
      { parent: this, dependsOn: [ns] },
    );
    this.registerOutputs({ keda: this.keda.status });
  }
}

/** Arguments of {@link HttpService}: the manifest inputs of one service (see {@link ServiceSpec}). */
export type HttpServiceArgs = ServiceSpec;

/** One HTTP service: Deployment, Service, HPA and PDB. */
export class HttpService extends pulumi.ComponentResource {
  readonly hpaName: pulumi.Output<string>;

  constructor(name: string, spec: HttpServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:workloads:HttpService", name, {}, opts);
    const deployment = new k8s.apps.v1.Deployment(`${name}-deployment`, serviceDeployment(spec), {
      parent: this,
    });
    new k8s.core.v1.Service(`${name}-service`, serviceService(spec), { parent: this });
    const hpa = new k8s.autoscaling.v2.HorizontalPodAutoscaler(`${name}-hpa`, serviceHpa(spec), {
      parent: this,
      dependsOn: [deployment],
    });
    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-pdb`,
      disruptionBudget(
        spec.name,
        spec.namespace,
        workloadLabels(spec.name, "service"),
        spec.maxUnavailable,
      ),
      { parent: this },
    );
    this.hpaName = hpa.metadata.name;
    this.registerOutputs({ hpaName: this.hpaName });
  }
}

/** Arguments of {@link QueueWorker}: the manifest inputs of one worker (see {@link WorkerSpec}). */
export type QueueWorkerArgs = WorkerSpec;

/**
 * One queue worker: Deployment, KEDA TriggerAuthentication and ScaledObject, PDB. Its custom
 * resources need KEDA's CRDs: when this deploy installs KEDA, pass the release in `dependsOn`.
 */
export class QueueWorker extends pulumi.ComponentResource {
  readonly scaledObjectName: pulumi.Output<string>;

  constructor(name: string, spec: QueueWorkerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:workloads:QueueWorker", name, {}, opts);
    const deployment = new k8s.apps.v1.Deployment(`${name}-deployment`, workerDeployment(spec), {
      parent: this,
    });
    const auth = new k8s.apiextensions.CustomResource(
      `${name}-trigger-auth`,
      triggerAuthentication(spec),
      { parent: this },
    );
    const so = new k8s.apiextensions.CustomResource(`${name}-scaled-object`, scaledObject(spec), {
      parent: this,
      dependsOn: [auth, deployment],
    });
    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-pdb`,
      disruptionBudget(
        spec.name,
        spec.namespace,
        workloadLabels(spec.name, "worker"),
        spec.maxUnavailable,
      ),
      { parent: this },
    );
    this.scaledObjectName = so.metadata.name;
    this.registerOutputs({ scaledObjectName: this.scaledObjectName });
  }
}

/** Arguments of {@link Headroom}: the placeholders' size, count and placement (see {@link HeadroomSpec}). */
export type HeadroomArgs = HeadroomSpec;

/** The spare-headroom placeholders and their namespace. */
export class Headroom extends pulumi.ComponentResource {
  /** The placeholders' namespace (restricted: pause containers need nothing). */
  readonly namespace: k8s.core.v1.Namespace;

  constructor(name: string, spec: HeadroomArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:workloads:Headroom", name, {}, opts);
    const ns = new k8s.core.v1.Namespace(
      `${name}-ns`,
      { metadata: { name: spec.namespace, labels: podSecurityLabels("restricted") } },
      { parent: this },
    );
    this.namespace = ns;
    new k8s.apps.v1.Deployment(`${name}-deployment`, headroomDeployment("headroom", spec), {
      parent: this,
      dependsOn: [ns],
    });
    this.registerOutputs({});
  }
}
