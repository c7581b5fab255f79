import { z } from "zod";
import { parseQuantity } from "../../model/capacity/quantity";
import { cpu, image, intAtLeast, memory, shortName } from "./common";
import { CAPACITY_TYPES } from "./nodegroups";

/** Metric names an HPA may scale on; `requestsPerSecond` is the Pods metric served by prometheus-adapter. */
export const WORKLOAD_METRICS = ["cpu", "memory", "requestsPerSecond"] as const;

export { cpu, memory };
const percent = intAtLeast(1).max(100, "must be at most 100");
export const capacity = z.enum(CAPACITY_TYPES, {
  error: `must be one of ${CAPACITY_TYPES.join(", ")}`,
});

/** Requests and limits. Limits default: memory = the request (no overcommit), CPU none (no throttling). */
const resources = z
  .strictObject({
    requests: z.strictObject({
      cpu: cpu.describe("CPU request"),
      memory: memory.describe("Memory request"),
    }),
    limits: z
      .strictObject({
        cpu: cpu.optional().describe("CPU limit (default none)"),
        memory: memory.optional().describe("Memory limit (default the request)"),
      })
      .default({}),
  })
  .superRefine((r, ctx) => {
    // Kubernetes refuses a pod whose limit is below its request.
    for (const kind of ["cpu", "memory"] as const) {
      const limit = r.limits[kind];
      if (limit === undefined) continue;
      let below = false;
      try {
        below = parseQuantity(limit) < parseQuantity(r.requests[kind]);
      } catch {
        continue; // the quantity itself is reported
      }
      if (below)
        ctx.addIssue({
          code: "custom",
          path: ["limits", kind],
          message: `limit ${limit} is below the request ${r.requests[kind]}; Kubernetes refuses such a pod (raise the limit or lower requests.${kind})`,
        });
    }
  })
  .describe("Container requests and limits (Kubernetes quantities)");

/** Explicit replica bounds, instead of bounds derived by the capacity planner. */
const bounds = z.strictObject({
  min: intAtLeast(1).describe("Fewest replicas"),
  max: intAtLeast(1).describe("Most replicas"),
});

const policy = z.strictObject({
  type: z.enum(["Pods", "Percent"], { error: "must be Pods or Percent" }),
  value: intAtLeast(1),
  periodSeconds: intAtLeast(1).max(1800, "must be at most 1800"),
});
const rules = (stabilizationWindowSeconds: number, policies: z.input<typeof policy>[]) =>
  z
    .strictObject({
      stabilizationWindowSeconds: intAtLeast(0)
        .max(3600, "must be at most 3600")
        .default(stabilizationWindowSeconds),
      selectPolicy: z
        .enum(["Max", "Min", "Disabled"], { error: "must be Max, Min or Disabled" })
        .default("Max"),
      policies: z.array(policy).min(1, "must list at least one policy").default(policies),
    })
    .prefault({});

/**
 * `spec.behavior` of the HPA, in the Kubernetes field names so it passes to the manifest and the
 * simulator unchanged. Defaults are the seed's: up 0 s, max(100 %, 5 pods) per 60 s; down 300 s, 50 % per 60 s.
 */
export const behaviorSchema = z
  .strictObject({
    scaleUp: rules(0, [
      { type: "Percent", value: 100, periodSeconds: 60 },
      { type: "Pods", value: 5, periodSeconds: 60 },
    ]),
    scaleDown: rules(300, [{ type: "Percent", value: 50, periodSeconds: 60 }]),
  })
  .prefault({})
  .describe("HPA scaling behaviour (scaleUp / scaleDown)");

/**
 * HPA targets by metric name. Default: cpu 70 %, memory 80 %, and a request rate per pod of the
 * same 70 % of `throughputPerPod.baselineRps` (what a pod serves within the latency objective;
 * seed: 56 of 80 req/s), so the HPA holds pods inside the objective with room for a spike's first
 * seconds. Listing metrics replaces the set.
 */
const metrics = z
  .record(z.string(), z.number({ error: "must be a number" }))
  .superRefine((m, ctx) => {
    for (const [name, value] of Object.entries(m)) {
      if (!(WORKLOAD_METRICS as readonly string[]).includes(name)) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `unknown metric ${JSON.stringify(name)}; known metrics: ${WORKLOAD_METRICS.join(", ")}`,
        });
      } else if (
        name !== "requestsPerSecond" &&
        (!Number.isInteger(value) || value < 1 || value > 100)
      ) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `target utilisation must be a whole percentage between 1 and 100, got ${value}`,
        });
      } else if (!(value > 0)) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `requests per second per pod must be above 0, got ${value}`,
        });
      }
    }
    if (Object.keys(m).length === 0)
      ctx.addIssue({ code: "custom", path: [], message: "list at least one metric" });
  })
  .transform((m) => m as HpaMetrics)
  .optional();

/** HPA targets: cpu and memory in % of the request, requestsPerSecond per pod. */
export type HpaMetrics = { cpu?: number; memory?: number; requestsPerSecond?: number };

/** The CPU and memory targets of the default metric set (requirements: 70 % and 80 %). */
export const DEFAULT_UTILIZATION_TARGETS = { cpu: 70, memory: 80 } as const;

/** The default metric set for a pod serving `baselineRps` within the latency objective. */
export function defaultHpaMetrics(baselineRps: number): HpaMetrics {
  return {
    ...DEFAULT_UTILIZATION_TARGETS,
    requestsPerSecond: (baselineRps * DEFAULT_UTILIZATION_TARGETS.cpu) / 100,
  };
}

/** PDB `maxUnavailable`: at least one pod or 1 %, so a PDB never blocks every voluntary disruption. */
const maxUnavailable = z
  .union(
    [
      z
        .number()
        .int("must be a whole number")
        .min(1, "must be at least 1 pod: 0 would block every drain"),
      z.string().regex(/^([1-9]\d?|100)%$/, "must be a percentage 1%-100%"),
    ],
    {
      error:
        "must be a pod count of at least 1 or a percentage 1%-100% (0 would block every drain)",
    },
  )
  .describe("PodDisruptionBudget maxUnavailable (>= 1 pod or 1 %)");

const placement = {
  /** Namespace; must be one of `platform:namespaces` (which get the data Secret). Default: `apps`. */
  namespace: shortName.default("apps").describe("Namespace (one of platform:namespaces)"),
  /** Capacity the pods prefer. Default: `spot` (stateless pods tolerate interruption). */
  capacity: capacity
    .default("spot")
    .describe("Preferred capacity type: spot | on-demand | reserved"),
  /** Node group to plan and place on. Default: the first non-system group of `capacity`. */
  nodeGroup: z
    .string()
    .optional()
    .describe("Node group (default: the first non-system group with the capacity type)"),
};

/** One HTTP service. Give `traffic` (bounds derived by the planner) or `replicas` (explicit bounds). */
export const serviceSchema = z
  .strictObject({
    image: image.describe("Container image, pinned by tag or digest"),
    port: intAtLeast(1)
      .max(65535, "must be at most 65535")
      .default(8080)
      .describe("Container port (default 8080)"),
    ...placement,
    resources: resources.default({ requests: { cpu: "1", memory: "2Gi" }, limits: {} }),
    /** What one pod of `resources` serves: within the latency objective, and before it fails. Seed: 80 / 150. */
    throughputPerPod: z
      .strictObject({
        baselineRps: z.number().positive("must be above 0"),
        peakRps: z.number().positive("must be above 0"),
      })
      .default({ baselineRps: 80, peakRps: 150 })
      .describe(
        "req/s one pod serves: baselineRps (within the latency objective), peakRps (before failing)",
      ),
    /** P95 latency objective in ms; the monitoring area alerts above it. Default: 200. */
    latencyObjectiveMs: intAtLeast(1).default(200).describe("P95 latency objective (ms)"),
    /** Today's peak and the design target, req/s; the planner derives the replica bounds from them. */
    traffic: z
      .strictObject({
        currentPeakRps: z.number().positive("must be above 0").describe("Today's peak req/s"),
        targetPeakRps: z
          .number()
          .positive("must be above 0")
          .optional()
          .describe("Design target req/s (seed 1,000)"),
      })
      .optional()
      .describe("Traffic the planner sizes replica bounds for"),
    replicas: bounds.optional().describe("Explicit replica bounds (instead of traffic)"),
    /** Availability floor for derived bounds: 3 survives a zone loss over 3 zones. Default: 2. */
    haMinReplicas: intAtLeast(1)
      .default(2)
      .describe("Fewest replicas for availability (default 2)"),
    hpa: z
      .strictObject({ metrics, behavior: behaviorSchema })
      .prefault({})
      .describe("HPA metrics and behaviour"),
    maxUnavailable: maxUnavailable.default(1),
    /** HTTP paths of the probes. Default: readiness `/ready`, liveness `/healthz`. */
    probes: z
      .strictObject({
        readinessPath: z.string().startsWith("/").default("/ready"),
        livenessPath: z.string().startsWith("/").default("/healthz"),
      })
      .prefault({}),
    /** Seconds from scheduling to ready (image pull, start, readiness); the startup probe allows twice this. Default: 30. */
    startupSeconds: intAtLeast(1)
      .max(600, "must be at most 600")
      .default(30)
      .describe("Seconds from scheduled to ready"),
    /** Memory working set in % of the request, for the simulator (memory does not follow load). Default: 50. */
    memoryUtilizationPercent: percent
      .default(50)
      .describe("Observed memory use in % of the request (simulator)"),
  })
  .superRefine((s, ctx) => {
    if ((s.traffic === undefined) === (s.replicas === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["traffic"],
        message:
          "give exactly one of traffic (planner-derived bounds) or replicas (explicit bounds)",
      });
    }
    if (s.replicas && s.replicas.min > s.replicas.max) {
      ctx.addIssue({
        code: "custom",
        path: ["replicas", "min"],
        message: `min ${s.replicas.min} is greater than max ${s.replicas.max}`,
      });
    }
    if (s.throughputPerPod.baselineRps > s.throughputPerPod.peakRps) {
      ctx.addIssue({
        code: "custom",
        path: ["throughputPerPod", "baselineRps"],
        message: `baselineRps ${s.throughputPerPod.baselineRps} is above peakRps ${s.throughputPerPod.peakRps}`,
      });
    }
    const rps = s.hpa.metrics?.requestsPerSecond;
    if (rps !== undefined && rps > s.throughputPerPod.peakRps) {
      ctx.addIssue({
        code: "custom",
        path: ["hpa", "metrics", "requestsPerSecond"],
        message: `target ${rps} req/s per pod is above what a pod serves (peakRps ${s.throughputPerPod.peakRps})`,
      });
    }
  })
  .transform((s) => ({
    ...s,
    hpa: { ...s.hpa, metrics: s.hpa.metrics ?? defaultHpaMetrics(s.throughputPerPod.baselineRps) },
  }));

/** One queue worker, scaled by KEDA on its RabbitMQ queue's length. */
export const workerSchema = z
  .strictObject({
    image: image.describe("Container image, pinned by tag or digest"),
    /** Queue consumed; must be in `platform:queue.queues`. */
    queue: z.string().min(1).describe("RabbitMQ queue (one of platform:queue.queues)"),
    ...placement,
    /** Messages one pod works on at once: the KEDA queue-length target. Default: 10 (seed). */
    messagesPerPod: intAtLeast(1)
      .default(10)
      .describe("Messages per pod (KEDA target, default 10)"),
    resources: resources.default({ requests: { cpu: "250m", memory: "512Mi" }, limits: {} }),
    /** Concurrent messages today and the design target; the planner derives bounds. */
    concurrency: z
      .strictObject({
        current: intAtLeast(0).describe("Messages in flight today"),
        target: intAtLeast(1).optional().describe("Design target"),
      })
      .optional(),
    replicas: bounds.optional().describe("Explicit replica bounds (seed prod: 100 / 500)"),
    haMinReplicas: intAtLeast(1)
      .default(2)
      .describe("Fewest replicas for availability (default 2)"),
    /** KEDA polling interval (s). Default: 15. */
    pollingIntervalSeconds: intAtLeast(1).default(15).describe("KEDA polling interval (s)"),
    /** KEDA cooldown before scaling back (s). Default: 300, the HPA scale-down window. */
    cooldownPeriodSeconds: intAtLeast(0).default(300).describe("KEDA cooldown (s)"),
    /** Time a pod has to finish its messages on shutdown (s). Default: 300. */
    terminationGracePeriodSeconds: intAtLeast(1).default(300).describe("Shutdown grace period (s)"),
    maxUnavailable: maxUnavailable.default("10%"),
    /** Behaviour of the HPA KEDA creates. Default: the seed's, as for services. */
    behavior: behaviorSchema,
  })
  .superRefine((w, ctx) => {
    if ((w.concurrency === undefined) === (w.replicas === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["replicas"],
        message:
          "give exactly one of concurrency (planner-derived bounds) or replicas (explicit bounds)",
      });
    }
    if (w.replicas && w.replicas.min > w.replicas.max) {
      ctx.addIssue({
        code: "custom",
        path: ["replicas", "min"],
        message: `min ${w.replicas.min} is greater than max ${w.replicas.max}`,
      });
    }
  });

const workloadName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,38}[a-z0-9]$/,
    "workload names are 2-40 lowercase letters, digits or '-'",
  );

/** `platform:services`: HTTP services by name. Default: none. */
export const servicesSchema = z
  .record(workloadName, serviceSchema)
  .default({})
  .describe("HTTP services by name");
/** `platform:workers`: queue workers by name. Default: none. */
export const workersSchema = z
  .record(workloadName, workerSchema)
  .default({})
  .describe("Queue workers by name");
