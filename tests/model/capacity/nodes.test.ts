// Worked examples for node allocatable capacity and bin-packing (model/capacity/nodes.ts).
import { expect } from "chai";
import fc from "fast-check";
import {
  kubeReservedCpu,
  kubeReservedMemoryGiB,
  nodeAllocatable,
  packNodes,
  PodTooLargeError,
  type PackItem,
} from "../../../model/capacity";

const oneByTwo = { cpu: 1, memoryGiB: 2 };

describe("node allocatable capacity", () => {
  it("reserves CPU per the EKS AMI bands: 2 vCPU → 0.06 + 0.01 = 0.07; 8 vCPU → 0.07 + 0.01 + 4 × 0.0025 = 0.09", () => {
    expect(kubeReservedCpu(2)).to.be.closeTo(0.07, 1e-12);
    expect(kubeReservedCpu(8)).to.be.closeTo(0.09, 1e-12);
  });

  it("reserves 11 MiB per pod slot plus 255 MiB: 58 pods → 893 MiB", () => {
    expect(kubeReservedMemoryGiB(58) * 1024).to.be.closeTo(893, 1e-9);
  });

  it("leaves an m6i.xlarge 3.77 vCPU, ≈13.58 GiB and 54 pod slots with the default overhead", () => {
    const a = nodeAllocatable("m6i.xlarge");
    expect(a.cpu).to.be.closeTo(4 - 0.08 - 0.15, 1e-12);
    expect(a.memoryGiB).to.be.closeTo(16 * 0.925 - 893 / 1024 - 100 / 1024 - 0.25, 1e-12);
    expect(a.pods).to.equal(54);
  });

  it("uses given reservations and DaemonSets instead of the defaults", () => {
    const a = nodeAllocatable("m6i.xlarge", {
      kubeReserved: { cpu: 0.5, memoryGiB: 1 },
      systemReserved: { cpu: 0.5, memoryGiB: 1 },
      evictionMemoryGiB: 0,
      vmMemoryOverheadPercent: 0,
      daemonSets: { cpu: 1, memoryGiB: 2, pods: 8 },
    });
    expect(a).to.deep.equal({ cpu: 2, memoryGiB: 12, pods: 50 });
  });

  it("rejects an instance type that is not in the catalogue", () => {
    expect(() => nodeAllocatable("m9z.huge")).to.throw(/unknown EC2 instance type "m9z.huge"/);
  });
});

describe("bin-packing", () => {
  const xlarge = nodeAllocatable("m6i.xlarge"); // 3 pods of 1 vCPU / 2 GiB per node

  it("puts 13 pods of 1 vCPU / 2 GiB on ceil(13/3) = 5 m6i.xlarge nodes in one zone", () => {
    expect(packNodes([{ name: "api", requests: oneByTwo, replicas: 13 }], xlarge).nodes).to.equal(
      5,
    );
  });

  it("spreads over 3 zones (5, 4, 4 pods) and packs each: 2 + 2 + 2 = 6 nodes", () => {
    expect(
      packNodes([{ name: "api", requests: oneByTwo, replicas: 13 }], xlarge, 3).nodes,
    ).to.equal(6);
  });

  it("fills the open node's leftover with the next workload: 3 big pods leave 0.77 vCPU, so 10 pods of 0.25 vCPU put 3 there and 7 on a second node", () => {
    const items: PackItem[] = [
      { name: "workers", requests: { cpu: 0.25, memoryGiB: 0.5 }, replicas: 10 },
      { name: "api", requests: oneByTwo, replicas: 3 },
    ];
    const p = packNodes(items, xlarge);
    expect(p.nodes).to.equal(2);
    expect(p.cumulative).to.deep.equal([
      { name: "api", nodes: 1 },
      { name: "workers", nodes: 2 },
    ]);
  });

  it("is limited by pod slots when pods are tiny: 60 pods of 10 m / 10 MiB need 2 nodes of 54 slots", () => {
    expect(
      packNodes([{ name: "tiny", requests: { cpu: 0.01, memoryGiB: 0.01 }, replicas: 60 }], xlarge)
        .nodes,
    ).to.equal(2);
  });

  it("throws naming the workload when one pod cannot fit an empty node", () => {
    expect(() =>
      packNodes([{ name: "fat", requests: { cpu: 8, memoryGiB: 2 }, replicas: 1 }], xlarge),
    ).to.throw(PodTooLargeError, /^fat: a pod requesting 8 vCPU/);
  });

  it("never needs fewer nodes when any workload gains replicas (next-fit is monotone)", () => {
    const item = fc.record({
      name: fc.constantFrom("a", "b", "c", "d"),
      requests: fc.record({
        cpu: fc.double({ min: 0.05, max: 3.5, noNaN: true }),
        memoryGiB: fc.double({ min: 0.05, max: 13, noNaN: true }),
      }),
      replicas: fc.integer({ min: 0, max: 40 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(item, { minLength: 1, maxLength: 4, selector: (i) => i.name }),
        fc.nat(),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 3 }),
        (items, pick, more, zones) => {
          const grown = items.map((it, i) =>
            i === pick % items.length ? { ...it, replicas: it.replicas + more } : it,
          );
          return packNodes(grown, xlarge, zones).nodes >= packNodes(items, xlarge, zones).nodes;
        },
      ),
      { numRuns: 500 },
    );
  });
});
