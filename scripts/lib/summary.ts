/**
 * Summaries of a program run for people: resources grouped by the top-level component that owns
 * them, and the replica/node bounds the environment would run with. Shared by the plan command
 * and the pull-request report.
 */
import type { ProgramRun, RegisteredResource } from "./program";

/** Resources counted per top-level component and type. */
export interface ComponentSummary {
  component: string;
  type: string;
  resources: Record<string, number>;
  total: number;
}

/** Node group bounds as registered. */
export interface NodeGroupBounds {
  name: string;
  capacityType: string;
  instanceTypes: string[];
  min: number;
  desired: number;
  max: number;
}

function topLevel(r: ProgramRun, res: RegisteredResource): RegisteredResource | undefined {
  const byUrn = new Map(r.resources.map((x) => [x.urn, x]));
  let cur: RegisteredResource | undefined = res;
  while (
    cur?.parent &&
    byUrn.get(cur.parent)?.type !== "pulumi:pulumi:Stack" &&
    byUrn.has(cur.parent)
  ) {
    cur = byUrn.get(cur.parent);
  }
  return cur;
}

/**
 * Groups every resource the engine manages under its top-level component (providers under
 * "providers"). Our own components are skipped; packaged components (e.g. cert-manager) count.
 */
export function summariseByComponent(r: ProgramRun): ComponentSummary[] {
  const groups = new Map<string, ComponentSummary>();
  for (const res of r.resources) {
    if (!res.custom && res.type.startsWith("platform:")) continue;
    const owner = topLevel(r, res);
    const key =
      owner && owner !== res
        ? owner.name
        : res.type.startsWith("pulumi:providers:")
          ? "providers"
          : res.name;
    const g = groups.get(key) ?? {
      component: key,
      type: owner && owner !== res ? owner.type : res.type,
      resources: {},
      total: 0,
    };
    g.resources[res.type] = (g.resources[res.type] ?? 0) + 1;
    g.total += 1;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => a.component.localeCompare(b.component));
}

/** The EKS node groups with their bounds. */
export function nodeGroupBounds(r: ProgramRun): NodeGroupBounds[] {
  return r.resources
    .filter((x) => x.type === "aws:eks/nodeGroup:NodeGroup")
    .map((x) => ({
      name: x.inputs.nodeGroupName,
      capacityType: x.inputs.labels?.["platform.io/capacity"] ?? x.inputs.capacityType,
      instanceTypes: x.inputs.instanceTypes,
      min: x.inputs.scalingConfig.minSize,
      desired: x.inputs.scalingConfig.desiredSize,
      max: x.inputs.scalingConfig.maxSize,
    }));
}

/** Formats rows as an aligned text table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
