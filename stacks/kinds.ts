import type { Environment } from "./schema";

/**
 * How an environment is built, chosen by its data and never by its name. Every kind puts the
 * same in-cluster layer (data, workloads, monitoring) on an `InClusterTarget`; only `eks` builds
 * the AWS foundation and the AWS halves of the areas under it.
 *
 * Adding a kind (as `sandbox` was: the in-cluster layer applied to a real kube-apiserver through a
 * kubeconfig) is one entry here, selected by its own setting (`platform:sandbox`), plus its site
 * builder in `stacks/targets.ts`; the areas and the composition root stay as they are.
 */
export interface TargetKind {
  /** Names the kind in errors, docs and `npm run plan`. */
  name: TargetKindName;
  /** What the kind does, for the README and errors. */
  description: string;
  /** True when the kind builds the AWS foundation (network, EKS, node groups, data services). */
  aws: boolean;
  /** Whether the environment's settings select this kind. The first kind that does wins. */
  selects(env: Environment): boolean;
}

/** The kinds' names; `stacks/targets.ts` must have a site builder for each. */
export type TargetKindName = "sandbox" | "render" | "eks";

/** Every kind, most specific first: the first whose `selects` is true builds the environment. */
export const TARGET_KINDS: readonly TargetKind[] = [
  {
    name: "sandbox",
    description:
      "the in-cluster layer applied to a proving ground on loopback through its kubeconfig (`platform:sandbox` is set)",
    aws: false,
    selects: (env) => env.sandbox !== undefined,
  },
  {
    name: "render",
    description: "the in-cluster layer written as YAML to a folder (`platform:render` is set)",
    aws: false,
    selects: (env) => env.render !== undefined,
  },
  {
    name: "eks",
    description: "AWS: network, EKS, node groups and data services, the in-cluster layer on EKS",
    aws: true,
    selects: () => true,
  },
];

/** The kind that builds an environment. */
export function targetKindOf(env: Environment): TargetKind {
  const kind = TARGET_KINDS.find((k) => k.selects(env));
  if (kind === undefined) throw new Error(`no target kind selects environment ${env.name}`);
  return kind;
}
