/**
 * Spike simulator: the Kubernetes HPA algorithm
 * (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/) run against a
 * load profile, with pod start-up, node provisioning delay and placeholder headroom.
 */
export * from "./types";
export {
  SimulatorInputError,
  resolveHpa,
  resolvePods,
  type ResolvedHpa,
  type ResolvedPods,
  type ResolvedRules,
} from "./validate";
export {
  HpaController,
  recommend,
  replicasForMetric,
  metricValue,
  scaleUpLimit,
  scaleDownLimit,
  type HpaObservation,
} from "./hpa";
export {
  buildProfile,
  piecewiseProfile,
  type LoadProfileSpec,
  type StepSpec,
  type RampSpec,
  type SpikeSpec,
  type DiurnalSpec,
} from "./profiles";
export { simulate } from "./simulate";
export {
  checkSpike,
  SpikeTargetError,
  type SpikeCheckInput,
  type SpikeCheckResult,
  type SpikeFixes,
} from "./spike";
export {
  pipelineLag,
  spikeLoadAfter,
  HPA_SYNC_PERIOD_SECONDS,
  type MetricPipeline,
  type PipelineLag,
} from "./pipeline";
