// Bin-packing and kube-reserved rules at their edges (model/capacity/nodes.ts). A bare m6i.xlarge
// (no reservations, DaemonSets or VM overhead) offers exactly 4 vCPU / 16 GiB / 58 pods, so pods
// that fill a node exactly show whether the packer counts a full node as full.
import { expect } from "chai";
import {
  kubeReservedCpu,
  nodeAllocatable,
  packingOrder,
  packNodes,
  PodTooLargeError,
  type PackItem,
} from "../../../model/capacity";

const bare = nodeAllocatable("m6i.xlarge", {
  kubeReserved: { cpu: 0, memoryGiB: 0 },
  evictionMemoryGiB: 0,
  vmMemoryOverheadPercent: 0,
  daemonSets: { cpu: 0, memoryGiB: 0, pods: 0 },
});

const item = (name: string, replicas: number, cpu: number, memoryGiB: number): PackItem => ({
  name,
  replicas,
  requests: { cpu, memoryGiB },
});

describe("kube-reserved CPU per band, below one core and between one and two", () => {
  it("reserves 6 % of a part first core (0.5 vCPU → 0.03) and 1 % of a part second (1.5 vCPU → 0.065)", () => {
    expect(kubeReservedCpu(0.5)).to.be.closeTo(0.03, 1e-12);
    expect(kubeReservedCpu(1.5)).to.be.closeTo(0.065, 1e-12);
  });
});

describe("bin-packing at exact fits", () => {
  it("the bare m6i.xlarge offers 4 vCPU / 16 GiB / 58 pods", () => {
    expect(bare).to.deep.equal({ cpu: 4, memoryGiB: 16, pods: 58 });
  });

  it("puts 4 pods of exactly 1 vCPU on a 4-vCPU node: 8 pods on 2 nodes, 9 on 3", () => {
    expect(packNodes([item("a", 8, 1, 1)], bare).nodes).to.equal(2);
    expect(packNodes([item("a", 9, 1, 1)], bare).nodes).to.equal(3);
  });

  it("puts 58 pods on a node with 58 pod slots when CPU and memory are not the limit, 59 on 2", () => {
    expect(packNodes([item("tiny", 58, 0.01, 0.01)], bare).nodes).to.equal(1);
    expect(packNodes([item("tiny", 59, 0.01, 0.01)], bare).nodes).to.equal(2);
  });

  it("a request of 0 memory is limited by CPU only: 8 pods of 1 vCPU / 0 GiB on 2 nodes", () => {
    expect(packNodes([item("a", 8, 1, 0)], bare).nodes).to.equal(2);
  });

  it("counts what each pod takes from the open node: CPU, memory and a pod slot", () => {
    // Two 2-vCPU pods fill node 1's CPU, so the next pod opens node 2.
    expect(packNodes([item("a", 2, 2, 1), item("b", 1, 1, 1)], bare).nodes).to.equal(2);
    // Two 8-GiB pods fill node 1's memory.
    expect(packNodes([item("a", 2, 0.5, 8), item("b", 1, 0.25, 1)], bare).nodes).to.equal(2);
    // 57 pods leave one slot: one more pod fits, the second opens node 2.
    expect(
      packNodes([item("a", 57, 0.02, 0.02), item("b", 2, 0.01, 0.01)], bare).cumulative,
    ).to.deep.equal([
      { name: "a", nodes: 1 },
      { name: "b", nodes: 2 },
    ]);
  });

  it("a workload at 0 replicas takes no node, even with pods too large for one", () => {
    expect(packNodes([item("huge", 0, 5, 1), item("a", 1, 1, 1)], bare)).to.deep.equal({
      nodes: 1,
      cumulative: [
        { name: "huge", nodes: 0 },
        { name: "a", nodes: 1 },
      ],
    });
  });

  it("a pod larger than an empty node throws a PodTooLargeError naming it and the node's room", () => {
    let err: unknown;
    try {
      packNodes([item("huge", 1, 5, 1)], bare);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(PodTooLargeError);
    expect(err).to.include({ name: "PodTooLargeError", item: "huge" });
    expect((err as Error).message).to.equal(
      "huge: a pod requesting 5 vCPU / 1 GiB does not fit on an empty node (allocatable 4.00 vCPU / 16.00 GiB / 58 pods)",
    );
  });
});

describe("packing order", () => {
  it("largest CPU first, then largest memory, then name", () => {
    const order = packingOrder([
      item("x", 1, 1, 1),
      item("y", 1, 1, 2),
      item("b", 1, 1, 1),
      item("a", 1, 1, 1),
      item("z", 1, 2, 0.5),
    ]).map((i) => i.name);
    expect(order).to.deep.equal(["z", "y", "a", "b", "x"]);
  });
});
