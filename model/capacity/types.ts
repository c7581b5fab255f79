/**
 * Inputs and outputs of the capacity planner. All rates are per second, CPU in vCPU, memory in
 * GiB. Defaults come from the requirements table (headroom 30 %, growth 20 %/year, plan 3–6
 * months ahead, seasonal peaks 2–3x, HA minimum 2 or 3).
 */

/** How far ahead and how cautiously to plan. */
export interface Forecast {
  /** Spare capacity above the forecast peak, as a fraction (0.3 = 30 %). Default 0.3. */
  headroom?: number;
  /** Yearly traffic growth as a fraction, compounded monthly over the horizon. Default 0.2. */
  growthPerYear?: number;
  /** Months ahead the bounds must last, 1–60 (seed: 3–6). Default 6, the cautious end. */
  horizonMonths?: number;
  /** Seasonal peak multiple over today's peak, >= 1 (seed: 2–3). Default 3, the cautious end: max replicas is a ceiling, not spend. */
  seasonalPeakFactor?: number;
}

/** A forecast with every default applied. */
export type ResolvedForecast = Required<Forecast>;

/** Resource requests of one pod. */
export interface PodRequests {
  /** vCPU, e.g. 1 for `cpu: 1000m`. */
  cpu: number;
  /** GiB, e.g. 2 for `memory: 2Gi`. */
  memoryGiB: number;
}

/** An HTTP service scaled by an HPA on request rate. */
export interface ServiceDemand {
  name: string;
  /** Node group its pods run on. */
  nodeGroup: string;
  /** Today's peak request rate, req/s. */
  currentPeakRps: number;
  /** An explicit design target (seed: 1,000 req/s); the plan uses the larger of this and the forecast. Default none. */
  targetPeakRps?: number;
  /**
   * What one pod serves: `baselineRps` while meeting the latency objective (seed 80), `peakRps`
   * before it fails requests (seed 150).
   */
  throughputPerPod: { baselineRps: number; peakRps: number };
  requests: PodRequests;
  /** Fewest replicas for availability (2, or 3 to survive a zone loss with spread over 3 zones). Default 2. */
  haMinReplicas?: number;
  /** Per-pod load the HPA aims for, in percent of `peakRps`, 1–100. Default 70 (the seed's CPU target). */
  hpaTargetUtilizationPercent?: number;
  /** Bounds set by hand instead of derived; they are still packed into the node group. Default none. */
  fixedReplicas?: FixedReplicas;
  /**
   * Load the running pods must carry without failing before any pod the HPA adds can be Ready:
   * what a spike reaches within the autoscaling response time. `minReplicas` covers it at
   * `peakRps`. Default 0 (no floor).
   */
  spikeFloorRps?: number;
}

/** Replica bounds given explicitly; `designPeak` is then what `max` pods carry at the target. */
export interface FixedReplicas {
  min: number;
  max: number;
}

/** A queue worker scaled on queue length (KEDA). */
export interface WorkerDemand {
  name: string;
  nodeGroup: string;
  /** Messages (agents) in flight today. */
  currentConcurrency: number;
  /** Design target for concurrent messages (seed: 500 agents). Default none. */
  targetConcurrency?: number;
  /** Messages one pod works on at once; the KEDA queue-length target (seed 10). */
  messagesPerPod: number;
  requests: PodRequests;
  /** Default 2. */
  haMinReplicas?: number;
  /** Bounds set by hand instead of derived (seed prod: 100 / 500). Default none. */
  fixedReplicas?: FixedReplicas;
}

/** Per-node capacity not available to pods. */
export interface NodeOverhead {
  /** kube-reserved; default: the EKS-optimised AMI formula for the instance type (see `nodes.ts`). */
  kubeReserved?: PodRequests;
  /** system-reserved. Default 0 / 0 (the EKS AMIs set none). */
  systemReserved?: PodRequests;
  /** kubelet hard eviction threshold for memory. Default 0.1 GiB (kubelet `memory.available<100Mi`). */
  evictionMemoryGiB?: number;
  /** Memory the hypervisor and kernel keep, percent of the nominal size. Default 7.5 (Karpenter's `VM_MEMORY_OVERHEAD_PERCENT`). */
  vmMemoryOverheadPercent?: number;
  /**
   * Requests and pod count of the DaemonSets on every node. Default cpu 0.15, memory 0.25 GiB,
   * 4 pods: an allowance built from aws-node (25m) and kube-proxy (100m) EKS add-on requests plus
   * 25m / 256 MiB for node-exporter and the log agent. Override with the measured sum.
   */
  daemonSets?: PodRequests & { pods: number };
}

/** A node group the planner packs pods into. */
export interface NodeGroupCapacity {
  name: string;
  /** Instance types the group may launch; each is packed separately and the worst one decides. */
  instanceTypes: string[];
  minSize: number;
  maxSize: number;
  /** Per-node overhead; see {@link NodeOverhead} for defaults. */
  overhead?: NodeOverhead;
  /** Low-priority placeholder pods kept on this group for spike headroom. Default none. */
  placeholders?: PodRequests & { replicas: number };
}

/** Database traffic for the read-replica rule. */
export interface DatabaseLoad {
  readQps: number;
  writeQps: number;
  /** Read replicas today. */
  readReplicas: number;
  /** Most read replicas allowed. Default 3. */
  maxReadReplicas?: number;
  /** Add a replica when reads:writes exceeds this. Default 4 (4:1). */
  readWriteThreshold?: number;
}

/** One add-on on the system nodes: the requests of one pod and how many pods. */
export interface SystemPods {
  name: string;
  requests: PodRequests;
  replicas: number;
}

/** Input of {@link planSystemTier}. */
export interface SystemTierInput {
  /** The system node group's name, for error paths. */
  group: string;
  instanceTypes: string[];
  minSize: number;
  maxSize: number;
  /** Nodes at creation. Default: `minSize`. */
  desiredSize?: number;
  /** Nodes outside office hours. Default: none (not scheduled). */
  offHoursSize?: number;
  overhead?: NodeOverhead;
  pods: SystemPods[];
  /** Spare capacity as a fraction (0.3 = 30 %). */
  headroom: number;
  /** Zones; the group keeps at least one node in each. */
  zones: number;
}

/** What the system tier needs and whether the configured group holds it. */
export interface SystemTierPlan {
  /** Sum of the add-ons' requests (every replica), before headroom. */
  requests: PodRequests & { pods: number };
  /** Nodes the add-ons need with headroom, worst over the instance types. */
  nodesWithHeadroom: number;
  /** Nodes the add-ons need without headroom (what an off-hours size must reach). */
  nodesWithoutHeadroom: number;
  /** The instance type that decided (needs the most nodes). */
  instanceType: string;
  /** What one node of that type offers pods after reservations and DaemonSets. */
  allocatable: { cpu: number; memoryGiB: number; pods: number };
}

/** Everything the planner needs for one environment. */
export interface CapacityPlanInput {
  /** Environment name, used in error messages. */
  environment: string;
  forecast?: Forecast;
  /** Zones pods spread over evenly (topology spread, maxSkew 1), a whole number 1–10; each zone is packed on its own. Default 1. */
  zones?: number;
  services?: ServiceDemand[];
  workers?: WorkerDemand[];
  nodeGroups: NodeGroupCapacity[];
  database?: DatabaseLoad;
  /**
   * The system node group and the add-ons it runs; sized with the forecast's headroom over the
   * same zones. Default: none (the system tier is not planned).
   */
  systemTier?: Omit<SystemTierInput, "headroom" | "zones">;
}

/** Replica bounds of one service or worker, with the figures they came from. */
export interface ReplicaPlan {
  name: string;
  kind: "service" | "worker";
  nodeGroup: string;
  minReplicas: number;
  maxReplicas: number;
  /** Load the max is sized for (req/s for services, concurrent messages for workers). */
  designPeak: number;
  /** Services: req/s per pod the HPA should aim for (`peakRps` × utilisation). Workers: `messagesPerPod`. */
  targetPerPod: number;
}

/** Node count for one instance type. */
export interface InstanceTypeNodes {
  nodesAtMin: number;
  nodesAtMax: number;
  /** What one node offers pods after overhead. */
  allocatable: { cpu: number; memoryGiB: number; pods: number };
}

export interface NodeGroupPlan {
  name: string;
  /** Worst case over the instance types (the cluster autoscaler may launch any of them). */
  nodesAtMin: number;
  nodesAtMax: number;
  byInstanceType: Record<string, InstanceTypeNodes>;
  minSize: number;
  maxSize: number;
}

export interface DatabasePlan {
  /** reads / writes; Infinity when there are no writes. */
  readWriteRatio: number;
  needsAnotherReplica: boolean;
  recommendedReadReplicas: number;
  /** The ratio is above the threshold but the replica maximum is reached: scale up the instance instead. */
  atMaximum: boolean;
  reason: string;
}

export interface CapacityPlan {
  environment: string;
  forecast: ResolvedForecast;
  /** Services then workers, in input order. */
  workloads: ReplicaPlan[];
  nodeGroups: NodeGroupPlan[];
  database?: DatabasePlan;
  /** The system tier's needs, when the input had one. */
  systemTier?: SystemTierPlan;
}

/** One thing wrong with a plan's input or result; `path` is e.g. `services.api.requests.cpu`. */
export interface CapacityProblem {
  path: string;
  message: string;
}

/** Bad planner input, or targets that do not fit; names the environment and every problem. */
export class CapacityPlanError extends Error {
  constructor(
    readonly environment: string,
    readonly problems: CapacityProblem[],
  ) {
    super(
      `capacity plan for environment ${environment}:\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join("\n")}`,
    );
    this.name = "CapacityPlanError";
  }
}
