/**
 * The capacity planner: replica bounds per workload from traffic targets, node counts per node
 * group at every workload's min and at every workload's max, and the read-replica rule. Every
 * problem is collected and thrown together as a {@link CapacityPlanError} naming the
 * environment and the workload, so one run shows everything to fix.
 */
import { planDatabase } from "./database";
import { nodeAllocatable, packNodes, PodTooLargeError, type PackItem } from "./nodes";
import { planSystemTier } from "./system";
import { checkRange, planService, planWorker, resolveForecast } from "./replicas";
import {
  CapacityPlanError,
  type CapacityPlan,
  type CapacityPlanInput,
  type CapacityProblem,
  type InstanceTypeNodes,
  type NodeGroupCapacity,
  type NodeGroupPlan,
  type PodRequests,
  type ReplicaPlan,
} from "./types";

/** Where a workload's settings live, for error paths (for placeholders, `name` is the group's). */
function pathOf(kind: "service" | "worker" | "placeholders", name: string): string {
  return kind === "service"
    ? `services.${name}`
    : kind === "worker"
      ? `workers.${name}`
      : `nodeGroups.${name}.placeholders`;
}

function checkRequests(
  problems: CapacityProblem[],
  at: string,
  r: PodRequests | undefined,
): boolean {
  return [
    checkRange(problems, `${at}.requests.cpu`, r?.cpu, Number.MIN_VALUE, 1024, " vCPU"),
    checkRange(
      problems,
      `${at}.requests.memoryGiB`,
      r?.memoryGiB,
      Number.MIN_VALUE,
      24_576,
      " GiB",
    ),
  ].every(Boolean);
}

/**
 * Plans one environment. Throws {@link CapacityPlanError} listing every problem: bad numbers
 * (with the allowed range), unknown node groups or instance types, pods that fit no node, and
 * node groups whose `maxSize` cannot hold every workload at its max replicas (naming the
 * workload whose pods cross the limit).
 */
export function planCapacity(input: CapacityPlanInput): CapacityPlan {
  const env = input.environment;
  const problems: CapacityProblem[] = [];
  if (typeof env !== "string" || env.length === 0)
    problems.push({ path: "environment", message: "must be a non-empty name" });
  const forecast = resolveForecast(input.forecast, problems);
  const zones = input.zones ?? 1;
  if (checkRange(problems, "zones", zones, 1, 10) && !Number.isInteger(zones))
    problems.push({ path: "zones", message: `must be a whole number, got ${zones}` });
  const zoneCount = Number.isInteger(zones) && zones >= 1 ? zones : 1;
  const groups = new Map((input.nodeGroups ?? []).map((g) => [g.name, g]));

  const workloads: ReplicaPlan[] = [];
  const requests = new Map<string, PodRequests>();
  const seen = new Set<string>();
  const admit = (
    kind: "service" | "worker",
    name: string,
    group: string,
    req: PodRequests | undefined,
    plan: () => ReplicaPlan | undefined,
  ) => {
    const at = pathOf(kind, name);
    if (seen.has(name))
      problems.push({
        path: at,
        message: `the name ${name} is used twice; workload names must be unique`,
      });
    seen.add(name);
    if (!groups.has(group)) {
      problems.push({
        path: `${at}.nodeGroup`,
        message: `unknown node group ${JSON.stringify(group)}; known: ${[...groups.keys()].join(", ") || "none"}`,
      });
    }
    const reqOk = checkRequests(problems, at, req);
    const p = plan();
    if (p && reqOk && req) {
      workloads.push(p);
      requests.set(name, req);
    }
  };
  for (const s of input.services ?? [])
    admit("service", s.name, s.nodeGroup, s.requests, () => planService(s, forecast, problems));
  for (const w of input.workers ?? [])
    admit("worker", w.name, w.nodeGroup, w.requests, () => planWorker(w, forecast, problems));

  const nodeGroups: NodeGroupPlan[] = [];
  for (const g of input.nodeGroups ?? []) {
    const plan = planGroup(
      g,
      workloads.filter((w) => w.nodeGroup === g.name),
      requests,
      zoneCount,
      problems,
    );
    if (plan) nodeGroups.push(plan);
  }
  const database = input.database ? planDatabase(input.database, problems) : undefined;
  const systemTier = input.systemTier
    ? planSystemTier(
        { ...input.systemTier, headroom: forecast.headroom, zones: zoneCount },
        problems,
      )
    : undefined;
  if (problems.length > 0) throw new CapacityPlanError(String(env), problems);
  return {
    environment: env,
    forecast,
    workloads,
    nodeGroups,
    ...(database ? { database } : {}),
    ...(systemTier ? { systemTier } : {}),
  };
}

function planGroup(
  g: NodeGroupCapacity,
  onGroup: ReplicaPlan[],
  requests: Map<string, PodRequests>,
  zones: number,
  problems: CapacityProblem[],
): NodeGroupPlan | undefined {
  const at = `nodeGroups.${g.name}`;
  const before = problems.length;
  checkRange(problems, `${at}.minSize`, g.minSize, 0, 10_000);
  checkRange(problems, `${at}.maxSize`, g.maxSize, 1, 10_000);
  if (g.minSize > g.maxSize)
    problems.push({
      path: `${at}.minSize`,
      message: `minSize ${g.minSize} is greater than maxSize ${g.maxSize}`,
    });
  if (!Array.isArray(g.instanceTypes) || g.instanceTypes.length === 0) {
    problems.push({ path: `${at}.instanceTypes`, message: "must list at least one instance type" });
  }
  const ph = g.placeholders;
  if (ph) {
    checkRange(problems, `${at}.placeholders.replicas`, ph.replicas, 0, 100_000);
    checkRequests(problems, `${at}.placeholders`, ph);
  }
  if (problems.length > before) return undefined;

  // Placeholders sit on the group whatever the workloads do, so they count at min and at max.
  const kindOf = new Map<string, "service" | "worker" | "placeholders">(
    onGroup.map((w) => [w.name, w.kind]),
  );
  const extra: PackItem[] =
    ph && ph.replicas > 0 ? [{ name: "(placeholders)", requests: ph, replicas: ph.replicas }] : [];
  if (extra.length) kindOf.set(extra[0].name, "placeholders");
  const atMin: PackItem[] = [
    ...onGroup.map((w) => ({
      name: w.name,
      requests: requests.get(w.name)!,
      replicas: w.minReplicas,
    })),
    ...extra,
  ];
  const atMax: PackItem[] = [
    ...onGroup.map((w) => ({
      name: w.name,
      requests: requests.get(w.name)!,
      replicas: w.maxReplicas,
    })),
    ...extra,
  ];
  const label = (name: string) => {
    const kind = kindOf.get(name)!;
    return pathOf(kind, kind === "placeholders" ? g.name : name);
  };

  const byInstanceType: Record<string, InstanceTypeNodes> = {};
  let worst:
    { type: string; cumulative: { name: string; nodes: number }[]; nodes: number } | undefined;
  for (const type of g.instanceTypes) {
    let alloc;
    try {
      alloc = nodeAllocatable(type, g.overhead);
    } catch (e) {
      problems.push({ path: `${at}.instanceTypes`, message: (e as Error).message });
      continue;
    }
    if (alloc.cpu <= 0 || alloc.memoryGiB <= 0 || alloc.pods <= 0) {
      problems.push({
        path: `${at}.overhead`,
        message: `leaves nothing for pods on ${type} (allocatable ${alloc.cpu.toFixed(2)} vCPU / ${alloc.memoryGiB.toFixed(2)} GiB / ${alloc.pods} pods)`,
      });
      continue;
    }
    try {
      const min = packNodes(atMin, alloc, zones);
      const max = packNodes(atMax, alloc, zones);
      byInstanceType[type] = { nodesAtMin: min.nodes, nodesAtMax: max.nodes, allocatable: alloc };
      if (!worst || max.nodes > worst.nodes)
        worst = { type, cumulative: max.cumulative, nodes: max.nodes };
    } catch (e) {
      if (!(e instanceof PodTooLargeError)) throw e;
      problems.push({
        path: `${label(e.item)}.requests`,
        message: `${e.message.slice(e.item.length + 2)} of type ${type} in node group ${g.name}`,
      });
    }
  }
  if (!worst || problems.length > before) return undefined;

  if (worst.nodes > g.maxSize) {
    const idx = worst.cumulative.findIndex((c) => c.nodes > g.maxSize);
    const culprit = worst.cumulative[idx];
    // Name what fills the group before the culprit: the change that broke the limit may be theirs.
    const prior =
      idx > 0
        ? `${worst.cumulative[idx - 1].nodes} nodes before it for ${worst.cumulative
            .slice(0, idx)
            .map((c) => label(c.name))
            .join(", ")}`
        : "no other workload before it";
    problems.push({
      path: label(culprit.name),
      message:
        `at max replicas the workloads on node group ${g.name} need ${worst.nodes} ${worst.type} nodes but its maxSize is ${g.maxSize}; ` +
        `${culprit.name} crosses the limit (${prior}, ${culprit.nodes} with it). Lower its target or raise ${at}.maxSize to at least ${worst.nodes}`,
    });
    return undefined;
  }
  const nodesAtMin = Math.max(...Object.values(byInstanceType).map((t) => t.nodesAtMin));
  return {
    name: g.name,
    nodesAtMin,
    nodesAtMax: worst.nodes,
    byInstanceType,
    minSize: g.minSize,
    maxSize: g.maxSize,
  };
}
