/**
 * Manifests of the in-cluster load tests, as plain objects: one Job per scenario whose pod runs
 * the scenario's Fortio steps as init containers, in order, each writing its JSON result to an
 * emptyDir, then the evaluator (`evaluate.sh`, from a ConfigMap) judging them against the
 * thresholds and pushing the figures to Prometheus. The evaluator's exit status is the pod's, and
 * with no retry the Job's: Complete when the thresholds hold, Failed when one is missed. The program keeps each scenario as a
 * suspended CronJob (a template that never fires); a run is a Job created from it on demand.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResolvedScenario } from "../../model/loadtest/scenario";
import { PART_OF_LABEL, PLATFORM_PART_OF } from "../shared/labels";
import { type LoadRun, loadRuns } from "./steps";

/** The evaluator script, shipped unchanged in the ConfigMap (the tests run this same file). */
export const EVALUATOR_PATH = path.join(__dirname, "evaluate.sh");

/** Where the results are in every container of the pod. */
export const RESULTS_DIR = "/results";
/** Where the evaluator's ConfigMap is mounted. */
const EVALUATOR_DIR = "/evaluator";
/** UID the pod runs as: Fortio's image (FROM scratch) names no user, and the binary needs none. */
export const LOADTEST_UID = 65532;
/** Body of every write (POST); it names the scenario so the service's logs can tell test traffic apart. */
export const writePayload = (scenario: string) => JSON.stringify({ loadTest: scenario });

/** The service a scenario drives and the images it runs. */
export interface LoadTestTarget {
  /** The service's namespace; the Job runs there, beside it. */
  namespace: string;
  /** Fortio's image, e.g. `fortio/fortio:1.75.3`. */
  image: string;
  /** The evaluator's image (POSIX sh, awk and curl), e.g. `curlimages/curl:8.21.0`. */
  evaluatorImage: string;
  /** Prometheus' OTLP metrics receiver the evaluator pushes its figures to. @default no push */
  otlpUrl?: string;
}

/** Labels of a scenario's objects. */
export function loadTestLabels(scenario: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": "loadtest",
    "app.kubernetes.io/instance": scenario,
    [PART_OF_LABEL]: PLATFORM_PART_OF,
  };
}

/** Name of a scenario's CronJob and ConfigMap. */
export const loadTestName = (scenario: string) => `loadtest-${scenario}`;

/** In-cluster URL of a service's ClusterIP Service (port 80, as `serviceService` exposes it). */
export const serviceUrl = (service: string, namespace: string) =>
  `http://${service}.${namespace}.svc.cluster.local/`;

/** Connections Fortio opens: enough that a request at 4x the P95 limit never delays the next. */
export function connections(rps: number, p95Ms: number): number {
  return Math.max(2, Math.ceil((rps * 4 * p95Ms) / 1000));
}

/** Request timeout, s: 10x the P95 limit and at least 1 s; a slower answer counts as an error. */
export const requestTimeoutSeconds = (p95Ms: number) => Math.max(1, Math.ceil(p95Ms / 100));

/** File a run writes; the evaluator judges the latency of `-judged-` files only. */
export function resultFile(run: LoadRun): string {
  const n = String(run.index).padStart(4, "0");
  return `${RESULTS_DIR}/${n}-${run.judged ? "judged" : "grace"}-${run.kind}.json`;
}

/** Fortio's arguments for one run. */
export function fortioArgs(s: ResolvedScenario, run: LoadRun, url: string): string[] {
  return [
    "load",
    "-qps",
    String(run.rps),
    "-c",
    String(connections(run.rps, s.p95Ms)),
    "-t",
    `${run.durationMs}ms`,
    "-timeout",
    `${requestTimeoutSeconds(s.p95Ms)}s`,
    // A refused warm-up request is a finding for the evaluator, not a reason to stop the run.
    "-allow-initial-errors",
    "-p",
    "95",
    "-json",
    resultFile(run),
    ...(run.kind === "write"
      ? ["-payload", writePayload(s.name), "-content-type", "application/json"]
      : []),
    url,
  ];
}

const restricted = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
};

/** Fortio's CPU request for a rate: 1 core per 2,000 req/s, at least 100m. */
export function fortioCpu(rps: number): string {
  return `${Math.max(100, Math.ceil(rps / 2))}m`;
}

/** The data of a scenario's ConfigMap: the evaluator script. */
export function loadTestConfigMapData(): Record<string, string> {
  return { "evaluate.sh": fs.readFileSync(EVALUATOR_PATH, "utf8") };
}

/**
 * The Job spec of one run of a scenario. It retries nothing (a second attempt would judge a
 * different run) and gives up an hour after the scenario's length.
 */
export function loadTestJobSpec(s: ResolvedScenario, target: LoadTestTarget) {
  const url = serviceUrl(s.service, target.namespace);
  const runs = loadRuns(s);
  const peak = Math.max(...runs.map((r) => r.rps));
  return {
    backoffLimit: 0,
    activeDeadlineSeconds: s.durationSeconds + 3600,
    template: {
      metadata: { labels: loadTestLabels(s.name) },
      spec: {
        restartPolicy: "Never",
        automountServiceAccountToken: false,
        securityContext: {
          runAsNonRoot: true,
          runAsUser: LOADTEST_UID,
          runAsGroup: LOADTEST_UID,
          seccompProfile: { type: "RuntimeDefault" },
        },
        volumes: [
          { name: "results", emptyDir: { sizeLimit: "256Mi" } },
          { name: "evaluator", configMap: { name: loadTestName(s.name) } },
        ],
        initContainers: runs.map((run) => ({
          name: `${run.kind}-${String(run.index).padStart(4, "0")}`,
          image: target.image,
          args: fortioArgs(s, run, url),
          volumeMounts: [{ name: "results", mountPath: RESULTS_DIR }],
          resources: {
            requests: { cpu: fortioCpu(peak), memory: "256Mi" },
            limits: { memory: "256Mi" },
          },
          securityContext: restricted,
        })),
        containers: [
          {
            name: "evaluate",
            image: target.evaluatorImage,
            command: ["/bin/sh", `${EVALUATOR_DIR}/evaluate.sh`],
            env: [
              { name: "RESULTS_DIR", value: RESULTS_DIR },
              { name: "SCENARIO", value: s.name },
              { name: "SERVICE", value: s.service },
              { name: "P95_MS", value: String(s.p95Ms) },
              { name: "ERROR_RATE_PERCENT", value: String(s.errorRatePercent) },
              ...(target.otlpUrl === undefined
                ? []
                : [{ name: "OTLP_URL", value: target.otlpUrl }]),
            ],
            volumeMounts: [
              { name: "results", mountPath: RESULTS_DIR },
              { name: "evaluator", mountPath: EVALUATOR_DIR, readOnly: true },
            ],
            resources: {
              requests: { cpu: "50m", memory: "64Mi" },
              limits: { memory: "64Mi" },
            },
            securityContext: restricted,
          },
        ],
      },
    },
  };
}

/** The suspended CronJob that keeps a scenario in the cluster, to start on demand. */
export function loadTestCronJob(s: ResolvedScenario, target: LoadTestTarget) {
  return {
    apiVersion: "batch/v1" as const,
    kind: "CronJob" as const,
    metadata: {
      name: loadTestName(s.name),
      namespace: target.namespace,
      labels: loadTestLabels(s.name),
    },
    spec: {
      // Never fires: suspended, and a run is `kubectl create job --from=cronjob/<name>`.
      schedule: "0 0 1 1 *",
      suspend: true,
      // A template never fires; the deadline only bounds a missed start if someone unsuspends it.
      startingDeadlineSeconds: 300,
      concurrencyPolicy: "Forbid",
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels: loadTestLabels(s.name) },
        spec: loadTestJobSpec(s, target),
      },
    },
  };
}

/** A Job that runs a scenario now (the CLI's on-demand path), named `<cronjob>-<suffix>`. */
export function loadTestJob(s: ResolvedScenario, target: LoadTestTarget, suffix: string) {
  if (!/^[a-z0-9]{1,10}$/.test(suffix))
    throw new Error(`job suffix must be 1-10 of a-z 0-9, got ${JSON.stringify(suffix)}`);
  return {
    apiVersion: "batch/v1" as const,
    kind: "Job" as const,
    metadata: {
      name: `${loadTestName(s.name)}-${suffix}`,
      namespace: target.namespace,
      labels: loadTestLabels(s.name),
    },
    spec: loadTestJobSpec(s, target),
  };
}

/** The ConfigMap holding the evaluator, which the scenario's pods mount. */
export function loadTestConfigMap(scenario: string, namespace: string) {
  return {
    apiVersion: "v1" as const,
    kind: "ConfigMap" as const,
    metadata: { name: loadTestName(scenario), namespace, labels: loadTestLabels(scenario) },
    data: loadTestConfigMapData(),
  };
}
