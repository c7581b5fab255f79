import type { z } from "zod";
import { DATA_SECRET_NAME } from "../../components/shared/handoff";
import type { headroomSchema } from "./planning";
import type { servicesSchema, workersSchema } from "./workloads";

/** Node group a workload plans and lands on: the named one, else the first non-system group of its capacity type. */
export function workloadNodeGroup(
  w: { nodeGroup?: string; capacity: string },
  groups: Record<string, { role: string; capacityType: string }>,
): string | undefined {
  if (w.nodeGroup !== undefined) return w.nodeGroup in groups ? w.nodeGroup : undefined;
  return Object.keys(groups).find(
    (n) => groups[n].role !== "system" && groups[n].capacityType === w.capacity,
  );
}

type Issue = { path: (string | number)[]; message: string };
type Groups = Record<string, { role: string; capacityType: string }>;

/**
 * Cross-checks between the workload keys and the rest of the environment: namespaces that get
 * the data Secret, node groups, and queues the data tier declares. Returns the problems; the
 * environment schema reports them against the key they name.
 */
export function workloadIssues(env: {
  services: z.output<typeof servicesSchema>;
  workers: z.output<typeof workersSchema>;
  headroom: z.output<typeof headroomSchema>;
  nodeGroups: Groups;
  namespaces?: string[];
  queue?: { queues: string[] };
}): Issue[] {
  const issues: Issue[] = [];
  const place = (path: (string | number)[], w: { nodeGroup?: string; capacity: string }) => {
    if (w.nodeGroup !== undefined && !(w.nodeGroup in env.nodeGroups)) {
      issues.push({
        path: [...path, "nodeGroup"],
        message: `unknown node group ${JSON.stringify(w.nodeGroup)}; known: ${Object.keys(env.nodeGroups).join(", ")}`,
      });
    } else if (w.nodeGroup !== undefined && env.nodeGroups[w.nodeGroup].role === "system") {
      issues.push({
        path: [...path, "nodeGroup"],
        message: `${w.nodeGroup} is the system group, reserved for cluster add-ons`,
      });
    } else if (workloadNodeGroup(w, env.nodeGroups) === undefined) {
      issues.push({
        path: [...path, "capacity"],
        message: `no non-system node group has capacity type ${w.capacity}; add one or set nodeGroup`,
      });
    }
  };
  const inNamespace = (path: (string | number)[], ns: string) => {
    if (env.namespaces && !env.namespaces.includes(ns)) {
      issues.push({
        path: [...path, "namespace"],
        message: `${ns} is not in platform:namespaces (${env.namespaces.join(", ")}), so it has no ${DATA_SECRET_NAME} Secret`,
      });
    }
  };
  const names = new Set<string>();
  for (const [kind, all] of [
    ["services", env.services],
    ["workers", env.workers],
  ] as const) {
    for (const [name, w] of Object.entries(all)) {
      if (names.has(name))
        issues.push({
          path: [kind, name],
          message: `the name ${name} is used by a service and a worker; workload names must be unique`,
        });
      names.add(name);
      place([kind, name], w);
      inNamespace([kind, name], w.namespace);
    }
  }
  for (const [name, w] of Object.entries(env.workers)) {
    const queues = env.queue?.queues ?? [];
    if (!queues.includes(w.queue)) {
      issues.push({
        path: ["workers", name, "queue"],
        message: `queue ${JSON.stringify(w.queue)} does not exist in the data tier; platform:queue.queues lists ${queues.length ? queues.join(", ") : "none"}`,
      });
    }
  }
  if (env.headroom.replicas > 0) place(["headroom"], env.headroom);
  return issues;
}
