/**
 * Sizing the system node group from the add-ons it runs: the sum of their requests (from the
 * one add-on table), packed onto the group's instance types after kube-reserved, the eviction
 * threshold, the VM overhead and the DaemonSets every node runs. By day the add-ons get the
 * planner's headroom (each request grows by it, so a node is never planned fuller than
 * 1 / (1 + headroom)) and the group keeps a node in every zone (CoreDNS runs one per zone to
 * survive a zone loss); at night, when an off-hours schedule shrinks the group and nothing
 * grows, they must merely fit.
 *
 * The add-ons carry no hard zone constraint, so they are packed as one pool (next-fit in the
 * planner's packing order), not zone by zone as the application workloads are.
 */
import { nodeAllocatable, packNodes, type PackItem } from "./nodes";
import type { CapacityProblem, SystemPods, SystemTierInput, SystemTierPlan } from "./types";

const fmt = (n: number) => n.toFixed(2);

/**
 * Packs the system add-ons and checks the configured sizes. Problems name the key to change and
 * the value that fits: `minSize` and `desiredSize` must reach the count with headroom, `maxSize`
 * too, and `offHoursSize` the count without headroom.
 */
export function planSystemTier(
  input: SystemTierInput,
  problems: CapacityProblem[],
): SystemTierPlan | undefined {
  const at = `nodeGroups.${input.group}`;
  const live = input.pods.filter((p) => p.replicas > 0);
  const grown = (p: SystemPods): PackItem => ({
    name: p.name,
    replicas: p.replicas,
    requests: {
      cpu: p.requests.cpu * (1 + input.headroom),
      memoryGiB: p.requests.memoryGiB * (1 + input.headroom),
    },
  });
  let worst: Omit<SystemTierPlan, "requests"> | undefined;
  for (const type of input.instanceTypes) {
    const alloc = nodeAllocatable(type, input.overhead);
    const pack = (items: PackItem[]) => {
      const tooBig = items.find(
        (i) => i.requests.cpu > alloc.cpu + 1e-9 || i.requests.memoryGiB > alloc.memoryGiB + 1e-9,
      );
      if (tooBig) {
        problems.push({
          path: `${at}.instanceTypes`,
          message:
            `one ${tooBig.name} pod requests ${fmt(tooBig.requests.cpu)} vCPU / ${fmt(tooBig.requests.memoryGiB)} GiB (with headroom), ` +
            `more than a ${type} offers after reservations (${fmt(alloc.cpu)} vCPU / ${fmt(alloc.memoryGiB)} GiB); choose a larger instance type`,
        });
        return undefined;
      }
      return packNodes(items, alloc, 1).nodes;
    };
    const packed = pack(live.map(grown));
    if (packed === undefined) return undefined;
    // Without headroom no pod is larger (headroom >= 0), so what fits grown fits as it is.
    const without = packNodes(live, alloc, 1).nodes;
    const withHeadroom = Math.max(packed, input.zones);
    if (!worst || withHeadroom > worst.nodesWithHeadroom)
      worst = {
        nodesWithHeadroom: withHeadroom,
        nodesWithoutHeadroom: without,
        instanceType: type,
        allocatable: alloc,
      };
  }
  // Every type either sets `worst` or returns, so only an empty list leaves it unset.
  if (!worst) {
    problems.push({ path: `${at}.instanceTypes`, message: "must list at least one instance type" });
    return undefined;
  }
  const requests = {
    cpu: live.reduce((s, p) => s + p.replicas * p.requests.cpu, 0),
    memoryGiB: live.reduce((s, p) => s + p.replicas * p.requests.memoryGiB, 0),
    pods: live.reduce((s, p) => s + p.replicas, 0),
  };
  const need = worst.nodesWithHeadroom;
  const what =
    `the add-ons on node group ${input.group} request ${fmt(requests.cpu)} vCPU / ${fmt(requests.memoryGiB)} GiB in ${requests.pods} pods, ` +
    `which with ${Math.round(input.headroom * 100)} % headroom and a node in each of ${input.zones} zones need ${need} ${worst.instanceType} nodes ` +
    `(each offers ${fmt(worst.allocatable.cpu)} vCPU / ${fmt(worst.allocatable.memoryGiB)} GiB after reservations and DaemonSets)`;
  const fix = `raise it to at least ${need} or choose a larger instance type in ${at}.instanceTypes`;
  if (input.minSize < need)
    problems.push({
      path: `${at}.minSize`,
      message: `${what}, but minSize is ${input.minSize}; ${fix}`,
    });
  // desiredSize is never below minSize: it is short on its own only when set above a short minSize.
  const desired = input.desiredSize ?? input.minSize;
  if (desired !== input.minSize && desired < need)
    problems.push({
      path: `${at}.desiredSize`,
      message: `${what}, but desiredSize is ${desired}; ${fix}`,
    });
  if (input.maxSize < need)
    problems.push({
      path: `${at}.maxSize`,
      message: `${what}, but maxSize is ${input.maxSize}; ${fix}`,
    });
  const night = worst.nodesWithoutHeadroom;
  if (input.offHoursSize !== undefined && input.offHoursSize < night)
    problems.push({
      path: `${at}.offHoursSize`,
      message:
        `the add-ons keep running outside office hours and need ${night} ${worst.instanceType} nodes without headroom ` +
        `(${fmt(requests.cpu)} vCPU / ${fmt(requests.memoryGiB)} GiB in ${requests.pods} pods), but offHoursSize is ${input.offHoursSize}; ` +
        `raise it to at least ${night} or choose a larger instance type in ${at}.instanceTypes`,
    });
  return { requests, ...worst };
}
