import { nodePools } from "../lib/nodes";
import { label } from "../lib/read";
import { int, Rule, schema } from "../lib/types";
import { workloads } from "../lib/workloads";

/**
 * Every workload at its maximum (HPA/KEDA max, otherwise its replicas) times its pod requests,
 * summed per node role, must fit the role's node groups at their maxSize: otherwise the autoscalers
 * promise replicas the cluster autoscaler can never place.
 */
export const hpaFitsNodeCapacity: Rule = {
  name: "hpa-fits-node-capacity",
  description:
    "Checks whether the workloads at their autoscaling maximum, times their pod requests, fit the maximum capacity of the node groups they run on.",
  configSchema: schema({
    allocatablePercent: int(
      90,
      "Share of a node's vCPU and memory pods can request, after kubelet and system reservations (default 90)",
      1,
    ),
  }),
  validateStack: (args, report) => {
    const { allocatablePercent } = args.getConfig<{ allocatablePercent: number }>();
    const pools = nodePools(args.resources);
    const demand = new Map<string, { cpu: number; mem: number; who: string[] }>();
    for (const w of workloads(args.resources)) {
      if (!w.requests) {
        if (w.scaler)
          report(
            `${label(w.resource)}: its containers set no CPU and memory requests, so ${w.scaler.kind} maximum ${w.max} cannot be checked against node capacity`,
            w.resource.urn,
          );
        continue;
      }
      const d = demand.get(w.role) ?? { cpu: 0, mem: 0, who: [] };
      d.cpu += w.max * w.requests.cpu;
      d.mem += w.max * w.requests.memoryGiB;
      d.who.push(
        `${w.name} ${w.max}x(${+w.requests.cpu.toFixed(3)} vCPU, ${+w.requests.memoryGiB.toFixed(2)} GiB)`,
      );
      demand.set(w.role, d);
    }
    for (const [role, d] of demand) {
      const group = pools.filter((p) => p.role === role);
      for (const p of group.filter((g) => !g.node))
        report(
          `${label(p.resource)}: instance types ${p.unknownTypes.join(", ")} are not in model/catalog, so its capacity is unknown`,
          p.resource.urn,
        );
      const share = allocatablePercent / 100;
      const cpu = group.reduce((s, p) => s + (p.node ? p.max * p.node.vcpu * share : 0), 0);
      const mem = group.reduce((s, p) => s + (p.node ? p.max * p.node.memoryGiB * share : 0), 0);
      if (d.cpu > cpu || d.mem > mem) {
        report(
          `workloads on ${role} nodes need ${+d.cpu.toFixed(3)} vCPU / ${+d.mem.toFixed(2)} GiB at their maximum (${d.who.join(", ")}) ` +
            `but the ${role} node groups offer ${+cpu.toFixed(3)} vCPU / ${+mem.toFixed(2)} GiB at maxSize (${allocatablePercent} % allocatable)`,
        );
      }
    }
  },
};
