/**
 * How many nodes a node group needs for a set of pods: per-node allocatable capacity after
 * reservations, then a bin-packing of pod requests (CPU, memory, pod count) per zone.
 */
import { instanceType } from "../catalog";
import type { NodeOverhead, PodRequests } from "./types";

/** Default DaemonSet allowance per node; see {@link NodeOverhead.daemonSets}. */
export const DEFAULT_DAEMONSETS: Readonly<PodRequests & { pods: number }> = Object.freeze({
  cpu: 0.15,
  memoryGiB: 0.25,
  pods: 4,
});
/** kubelet default hard eviction threshold `memory.available<100Mi`, in GiB. */
export const DEFAULT_EVICTION_MEMORY_GIB = 100 / 1024;
/** Karpenter's default VM_MEMORY_OVERHEAD_PERCENT. */
export const DEFAULT_VM_MEMORY_OVERHEAD_PERCENT = 7.5;

/**
 * kube-reserved CPU of the EKS-optimised AMIs: 6 % of the first core, 1 % of the second,
 * 0.5 % of the third and fourth, 0.25 % of every core above four. 2 vCPU → 0.07, 8 vCPU → 0.09.
 */
export function kubeReservedCpu(vcpu: number): number {
  const band = (from: number, to: number) => Math.max(0, Math.min(vcpu, to) - from);
  return (
    0.06 * band(0, 1) + 0.01 * band(1, 2) + 0.005 * band(2, 4) + 0.0025 * Math.max(0, vcpu - 4)
  );
}

/** kube-reserved memory of the EKS-optimised AMIs: 11 MiB per pod the node can hold plus 255 MiB, in GiB. */
export function kubeReservedMemoryGiB(maxPods: number): number {
  return (11 * maxPods + 255) / 1024;
}

/** What one node of `type` offers pods. */
export interface Allocatable {
  cpu: number;
  memoryGiB: number;
  pods: number;
}

/**
 * Allocatable = capacity − kube-reserved − system-reserved − eviction threshold − DaemonSets,
 * where memory capacity is the nominal size less the VM overhead, and pod slots are the CNI's
 * maxPods less the DaemonSet pods. m6i.xlarge with defaults: 4 − 0.08 − 0.15 = 3.77 vCPU;
 * 16 × 0.925 − (11 × 58 + 255)/1024 − 0.098 − 0.25 ≈ 13.57 GiB; 58 − 4 = 54 pods.
 */
export function nodeAllocatable(type: string, overhead: NodeOverhead = {}): Allocatable {
  const spec = instanceType(type);
  const kube = overhead.kubeReserved ?? {
    cpu: kubeReservedCpu(spec.vcpu),
    memoryGiB: kubeReservedMemoryGiB(spec.maxPods),
  };
  const sys = overhead.systemReserved ?? { cpu: 0, memoryGiB: 0 };
  const ds = overhead.daemonSets ?? DEFAULT_DAEMONSETS;
  const vm = (overhead.vmMemoryOverheadPercent ?? DEFAULT_VM_MEMORY_OVERHEAD_PERCENT) / 100;
  const eviction = overhead.evictionMemoryGiB ?? DEFAULT_EVICTION_MEMORY_GIB;
  return {
    cpu: spec.vcpu - kube.cpu - sys.cpu - ds.cpu,
    memoryGiB: spec.memoryGiB * (1 - vm) - kube.memoryGiB - sys.memoryGiB - eviction - ds.memoryGiB,
    pods: spec.maxPods - ds.pods,
  };
}

/** A pod that cannot fit on an empty node; `item` is the workload's name. */
export class PodTooLargeError extends RangeError {
  constructor(
    readonly item: string,
    detail: string,
  ) {
    super(`${item}: ${detail}`);
    this.name = "PodTooLargeError";
  }
}

/** Identical pods of one workload. */
export interface PackItem {
  /** Workload name, for errors. */
  name: string;
  requests: PodRequests;
  replicas: number;
}

/** Result of packing: node count, and the running total after each item (in packing order). */
export interface Packing {
  nodes: number;
  /** Items in packing order with the node total once each was placed. */
  cumulative: { name: string; nodes: number }[];
}

/** How many pods of `size` fit in `room`; slack absorbs floating-point dust. */
function fits(room: Allocatable, size: PodRequests): number {
  const per = (have: number, need: number) =>
    need <= 0 ? Infinity : Math.floor(have / need + 1e-9);
  return Math.max(
    0,
    Math.min(
      per(room.cpu, size.cpu),
      per(room.memoryGiB, size.memoryGiB),
      Math.floor(room.pods + 1e-9),
    ),
  );
}

/** The order pods are packed in: largest CPU, then memory, then name; independent of replica counts. */
export function packingOrder(items: PackItem[]): PackItem[] {
  return [...items].sort(
    (a, b) =>
      b.requests.cpu - a.requests.cpu ||
      b.requests.memoryGiB - a.requests.memoryGiB ||
      a.name.localeCompare(b.name),
  );
}

/**
 * Packs pods into nodes with next-fit, per zone. Each workload's replicas are spread evenly
 * over `zones` (topology spread with maxSkew 1; the first zones take the remainder) and each
 * zone is packed on its own, in {@link packingOrder}.
 *
 * Next-fit keeps one node open: a pod goes on it if it fits, else a new node is opened. With
 * pods grouped by workload it wastes at most part of a node at each workload boundary, and,
 * unlike first-fit-decreasing, it is monotone: adding a pod never lowers the node count, so a
 * plan never shrinks when headroom or load grows. Throws if one pod cannot fit on an empty node.
 */
export function packNodes(items: PackItem[], alloc: Allocatable, zones = 1): Packing {
  // Each zone's open node: what is left on it (nothing before the first node is opened).
  const perZone = Array.from({ length: zones }, () => ({
    room: { cpu: 0, memoryGiB: 0, pods: 0 } as Allocatable,
  }));
  const cumulative: Packing["cumulative"] = [];
  let total = 0;
  for (const item of packingOrder(items)) {
    const perEmpty = fits(alloc, item.requests);
    if (item.replicas > 0 && perEmpty === 0) {
      throw new PodTooLargeError(
        item.name,
        `a pod requesting ${item.requests.cpu} vCPU / ${item.requests.memoryGiB} GiB does not fit on an empty node ` +
          `(allocatable ${alloc.cpu.toFixed(2)} vCPU / ${alloc.memoryGiB.toFixed(2)} GiB / ${alloc.pods} pods)`,
      );
    }
    perZone.forEach((z, i) => {
      let left = Math.floor(item.replicas / zones) + (i < item.replicas % zones ? 1 : 0);
      const take = (n: number) => {
        z.room = {
          cpu: z.room.cpu - n * item.requests.cpu,
          memoryGiB: z.room.memoryGiB - n * item.requests.memoryGiB,
          pods: z.room.pods - n,
        };
      };
      const here = Math.min(left, fits(z.room, item.requests));
      take(here);
      left -= here;
      if (left > 0) {
        const newBins = Math.ceil(left / perEmpty);
        const last = left - (newBins - 1) * perEmpty;
        total += newBins;
        z.room = { ...alloc };
        take(last);
      }
    });
    cumulative.push({ name: item.name, nodes: total });
  }
  return { nodes: total, cumulative };
}
