/**
 * Shared inputs of the capacity planner's tests: a node overhead of nothing, so an instance's
 * allocatable is its whole size (an m6i.xlarge offers 4 vCPU / 16 GiB / 58 pods) and every node
 * count is worked out by hand; and the problems a refused plan reports. Imports only the pure
 * model, so mutation testing's test processes stay fast.
 */
import { expect } from "chai";
import {
  CapacityPlanError,
  planCapacity,
  type CapacityPlanInput,
  type CapacityProblem,
  type NodeOverhead,
} from "../../model/capacity";

/** No kube-reserved, eviction threshold, VM overhead or DaemonSets. */
export const BARE_OVERHEAD: NodeOverhead = {
  kubeReserved: { cpu: 0, memoryGiB: 0 },
  evictionMemoryGiB: 0,
  vmMemoryOverheadPercent: 0,
  daemonSets: { cpu: 0, memoryGiB: 0, pods: 0 },
};

/** The problems `planCapacity` refuses `input` with; fails the test when it plans instead. */
export function planProblems(input: CapacityPlanInput): CapacityProblem[] {
  try {
    planCapacity(input);
  } catch (e) {
    expect(e).to.be.instanceOf(CapacityPlanError);
    return (e as CapacityPlanError).problems;
  }
  expect.fail("expected a CapacityPlanError");
}
