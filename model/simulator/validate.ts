import {
  HPA_METRIC_NAMES,
  type HpaMetric,
  type HpaScalingPolicy,
  type HpaScalingRules,
  type HpaSpec,
  type PodModel,
} from "./types";

/** Bad simulator input; `field` is the dotted path of the offending setting. */
export class SimulatorInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "SimulatorInputError";
  }
}

/** Scaling rules with every default applied. */
export interface ResolvedRules {
  stabilizationWindowSeconds: number;
  selectPolicy: "Max" | "Min" | "Disabled";
  policies: HpaScalingPolicy[];
}

/** An HPA with every default applied. */
export interface ResolvedHpa {
  minReplicas: number;
  maxReplicas: number;
  metrics: HpaMetric[];
  tolerance: number;
  syncPeriodSeconds: number;
  scaleUp: ResolvedRules;
  scaleDown: ResolvedRules;
}

/** A pod model with every default applied; `memoryUtilizationPercent` is NaN when no memory metric needs it. */
export type ResolvedPods = Required<PodModel>;

// Kubernetes defaults for `spec.behavior`, from the HPA documentation ("Default Behavior").
const DEFAULT_SCALE_UP: ResolvedRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [
    { type: "Percent", value: 100, periodSeconds: 15 },
    { type: "Pods", value: 4, periodSeconds: 15 },
  ],
};
const DEFAULT_SCALE_DOWN: ResolvedRules = {
  stabilizationWindowSeconds: 300,
  selectPolicy: "Max",
  policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
};

function num(field: string, value: unknown, min: number, max: number, integer = false): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new SimulatorInputError(field, `must be a number, got ${JSON.stringify(value)}`);
  }
  if (integer && !Number.isInteger(value))
    throw new SimulatorInputError(field, `must be a whole number, got ${value}`);
  if (value < min || value > max)
    throw new SimulatorInputError(field, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function metric(field: string, m: HpaMetric): HpaMetric {
  const name = (m as { name?: unknown }).name;
  if (!HPA_METRIC_NAMES.includes(name as never)) {
    throw new SimulatorInputError(
      `${field}.name`,
      `unknown metric ${JSON.stringify(name)}; known metrics: ${HPA_METRIC_NAMES.join(", ")}`,
    );
  }
  if (m.name === "requestsPerSecond") {
    return {
      name: m.name,
      averageValue: num(`${field}.averageValue`, m.averageValue, Number.MIN_VALUE, Infinity),
    };
  }
  return {
    name: m.name,
    averageUtilization: num(`${field}.averageUtilization`, m.averageUtilization, 1, 100),
  };
}

function rules(
  field: string,
  r: HpaScalingRules | undefined,
  defaults: ResolvedRules,
): ResolvedRules {
  if (r === undefined) return defaults;
  const selectPolicy = r.selectPolicy ?? "Max";
  if (!["Max", "Min", "Disabled"].includes(selectPolicy)) {
    throw new SimulatorInputError(
      `${field}.selectPolicy`,
      `must be Max, Min or Disabled, got ${JSON.stringify(selectPolicy)}`,
    );
  }
  const policies = r.policies ?? defaults.policies;
  if (policies.length === 0)
    throw new SimulatorInputError(`${field}.policies`, "must list at least one policy");
  policies.forEach((p, i) => {
    if (p.type !== "Pods" && p.type !== "Percent") {
      throw new SimulatorInputError(
        `${field}.policies[${i}].type`,
        `must be Pods or Percent, got ${JSON.stringify(p.type)}`,
      );
    }
    num(`${field}.policies[${i}].value`, p.value, 1, Infinity, true);
    num(`${field}.policies[${i}].periodSeconds`, p.periodSeconds, 1, 1800, true);
  });
  return {
    stabilizationWindowSeconds: num(
      `${field}.stabilizationWindowSeconds`,
      r.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
      0,
      3600,
      true,
    ),
    selectPolicy,
    policies: policies.map((p) => ({ ...p })),
  };
}

/** Checks an HPA spec and applies the Kubernetes defaults; throws {@link SimulatorInputError} naming the field. */
export function resolveHpa(hpa: HpaSpec, field = "hpa"): ResolvedHpa {
  const minReplicas = num(`${field}.minReplicas`, hpa.minReplicas, 1, Infinity, true);
  const maxReplicas = num(`${field}.maxReplicas`, hpa.maxReplicas, 1, Infinity, true);
  if (minReplicas > maxReplicas) {
    throw new SimulatorInputError(
      `${field}.minReplicas`,
      `minReplicas ${minReplicas} is greater than maxReplicas ${maxReplicas}`,
    );
  }
  if (!Array.isArray(hpa.metrics) || hpa.metrics.length === 0) {
    throw new SimulatorInputError(`${field}.metrics`, "must list at least one metric");
  }
  return {
    minReplicas,
    maxReplicas,
    metrics: hpa.metrics.map((m, i) => metric(`${field}.metrics[${i}]`, m)),
    tolerance: num(`${field}.tolerance`, hpa.tolerance ?? 0.1, 0, 1),
    syncPeriodSeconds: num(
      `${field}.syncPeriodSeconds`,
      hpa.syncPeriodSeconds ?? 15,
      1,
      3600,
      true,
    ),
    scaleUp: rules(`${field}.behavior.scaleUp`, hpa.behavior?.scaleUp, DEFAULT_SCALE_UP),
    scaleDown: rules(`${field}.behavior.scaleDown`, hpa.behavior?.scaleDown, DEFAULT_SCALE_DOWN),
  };
}

/**
 * Checks a pod model and applies its defaults; throws {@link SimulatorInputError} naming the
 * field. `hpa` is needed to know whether `memoryUtilizationPercent` is required.
 */
export function resolvePods(p: PodModel, hpa: ResolvedHpa, field = "pods"): ResolvedPods {
  const needsMemory = hpa.metrics.some((m) => m.name === "memory");
  if (needsMemory && p.memoryUtilizationPercent === undefined) {
    throw new SimulatorInputError(
      `${field}.memoryUtilizationPercent`,
      "is required when the HPA has a memory metric: give the observed memory use in percent of the request",
    );
  }
  return {
    throughputRps: num(`${field}.throughputRps`, p.throughputRps, Number.MIN_VALUE, Infinity),
    startupSeconds: num(`${field}.startupSeconds`, p.startupSeconds, 0, 3600),
    nodeProvisioningSeconds: num(
      `${field}.nodeProvisioningSeconds`,
      p.nodeProvisioningSeconds,
      0,
      3600,
    ),
    headroomPods: num(`${field}.headroomPods`, p.headroomPods ?? 0, 0, 100_000, true),
    freeSlots: num(`${field}.freeSlots`, p.freeSlots ?? 0, 0, 100_000, true),
    podsPerNode: num(`${field}.podsPerNode`, p.podsPerNode ?? 1, 1, 1000, true),
    nodeScaleDownUnneededSeconds: num(
      `${field}.nodeScaleDownUnneededSeconds`,
      p.nodeScaleDownUnneededSeconds ?? 600,
      0,
      86_400,
    ),
    memoryUtilizationPercent: needsMemory
      ? num(`${field}.memoryUtilizationPercent`, p.memoryUtilizationPercent, 0, 1000)
      : NaN,
    metricLagSeconds: num(`${field}.metricLagSeconds`, p.metricLagSeconds ?? 15, 0, 3600),
  };
}
