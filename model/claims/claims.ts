/**
 * The whole-program ownership check: what each registered resource claims (Kubernetes objects,
 * including what a Helm release or an EKS add-on installs, and explicit AWS names), and which
 * objects have more than one claimant. Pure: the program runs it at registration
 * (`components/shared/claims.ts`), the tests over every environment's registered resources.
 */
import { EKS_ADDON_OBJECTS } from "./addons";
import { AWS_NAME_RULES } from "./aws";
import { CHART_OBJECTS } from "./charts";
import { type Claim, type Collision, describeObject, kubeObject } from "./objects";

/** A resource as registered: type token, logical name, inputs (unknown values left out). */
export interface ResourceInputs {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** `kubernetes:apps/v1:Deployment` → group `apps`, kind `Deployment`; the core group is `""`. */
function kubeType(type: string): { group: string; kind: string } | undefined {
  const m = /^kubernetes:([^/]+)\/[^:]+:(.+)$/.exec(type);
  if (!m) return undefined;
  return { group: m[1] === "core" ? "" : m[1], kind: m[2] };
}

/** The chart name of a Helm release's `chart` input (`oci://registry/path/name` → `name`). */
export function chartName(chart: string): string {
  return chart.replace(/\/$/, "").split("/").at(-1)!;
}

/** Claims of one Helm release or chart component: the catalogued objects of its chart. */
function releaseClaims(
  claimant: string,
  chart: string,
  release: string,
  namespace: string,
  values: Record<string, unknown> | undefined,
): Claim[] {
  const catalogue = CHART_OBJECTS[chartName(chart)];
  if (catalogue === undefined) return [];
  const who = `${claimant} (chart ${chartName(chart)}, release ${namespace}/${release})`;
  return catalogue({ chart: chartName(chart), release, namespace, values }).map((object) => ({
    on: "kubernetes" as const,
    object,
    claimant: who,
  }));
}

/** Whether a Helm release's chart is in the catalogue (a test requires every one to be). */
export function isCatalogued(chart: string): boolean {
  return CHART_OBJECTS[chartName(chart)] !== undefined;
}

/**
 * What one resource claims.
 * @param defaultRegion the region of resources that do not set their own `region`.
 */
export function claimsOf(r: ResourceInputs, defaultRegion: string): Claim[] {
  const i = r.inputs;
  if (r.type === "kubernetes:helm.sh/v3:Release") {
    const chart = str(i.chart);
    const release = str(i.name);
    if (chart === undefined || release === undefined) return [];
    return releaseClaims(
      `Helm release ${r.name}`,
      chart,
      release,
      str(i.namespace) ?? "default",
      obj(i.values),
    );
  }
  if (r.type === "kubernetes-cert-manager:index:CertManager") {
    const helm = obj(i.helmOptions) ?? {};
    return releaseClaims(
      `cert-manager component ${r.name}`,
      "cert-manager",
      str(helm.name) ?? r.name,
      str(helm.namespace) ?? "default",
      i,
    );
  }
  if (r.type === "aws:eks/addon:Addon") {
    const addon = str(i.addonName);
    const objects = addon === undefined ? [] : (EKS_ADDON_OBJECTS[addon] ?? []);
    const aws = awsClaim(r, defaultRegion);
    return [
      ...objects.map((object) => ({
        on: "kubernetes" as const,
        object,
        claimant: `EKS add-on ${r.name} (${addon})`,
      })),
      ...aws,
    ];
  }
  const kube = kubeType(r.type);
  if (kube !== undefined) {
    const meta = obj(i.metadata) ?? {};
    const name = str(meta.name);
    // Without a name Pulumi picks a unique one: nothing to collide with.
    if (name === undefined) return [];
    const object = kubeObject(kube.group, kube.kind, name, str(meta.namespace));
    return [{ on: "kubernetes", object, claimant: `${r.type.split(":")[2]} ${r.name}` }];
  }
  return awsClaim(r, defaultRegion);
}

function awsClaim(r: ResourceInputs, defaultRegion: string): Claim[] {
  const rule = AWS_NAME_RULES[r.type];
  const name = rule && str(r.inputs[rule.key]);
  if (rule === undefined || name === undefined) return [];
  const region = rule.global ? "global" : (str(r.inputs.region) ?? defaultRegion);
  const scope = rule.within
    ? `${region}, ${rule.within} ${str(r.inputs[rule.within]) ?? "?"}`
    : region;
  return [
    {
      on: "aws",
      object: { type: r.type, scope, name },
      claimant: `${r.type.split(":")[2]} ${r.name}`,
    },
  ];
}

/** The key two claims of one object share. */
export function claimKey(c: Claim): string {
  return `${c.on}|${describeObject(c.object)}`;
}

/** Every object claimed by more than one claimant, in the order first claimed. */
export function findCollisions(claims: readonly Claim[]): Collision[] {
  const by = new Map<string, { object: string; claimants: string[] }>();
  for (const c of claims) {
    const key = claimKey(c);
    const entry = by.get(key) ?? { object: describeObject(c.object), claimants: [] };
    if (!entry.claimants.includes(c.claimant)) entry.claimants.push(c.claimant);
    by.set(key, entry);
  }
  return [...by.values()].filter((e) => e.claimants.length > 1);
}

/** Every collision among the claims of `resources`. */
export function resourceCollisions(
  resources: readonly ResourceInputs[],
  defaultRegion: string,
): Collision[] {
  return findCollisions(resources.flatMap((r) => claimsOf(r, defaultRegion)));
}

/** One collision in words, naming the object and both claimants. */
export function collisionMessage(c: Collision): string {
  return `${c.object} is claimed by ${c.claimants.join(" and by ")}; only one may own it`;
}
