import type { Area } from "./areas/area";
import { claimsArea } from "./areas/claims";
import { dataArea } from "./areas/data";
import { edgeArea } from "./areas/edge";
import { governanceArea } from "./areas/governance";
import { loadTestsArea } from "./areas/loadtests";
import { monitoringArea } from "./areas/monitoring";
import { networkPoliciesArea } from "./areas/network-policies";
import { workloadsArea } from "./areas/workloads";
import { targetKindOf } from "./kinds";
import type { Environment } from "./schema";
import { buildSite } from "./targets";

type AnyArea = Area<unknown, unknown, unknown>;

/**
 * An ordered list of areas, each checked at compile time to come after the areas it reads. Built
 * as `Platform.areas().add("data", dataArea).add("workloads", workloadsArea)…`.
 */
export class Platform<Built extends object> {
  private constructor(private readonly list: readonly { name: string; area: AnyArea }[]) {}

  /** An empty list. */
  static areas(): Platform<object> {
    return new Platform([]);
  }

  /** The list with `area` appended; later areas read its result as `built[name]`. */
  add<Name extends string, Result, Prepared>(
    name: Name,
    area: Area<Built, Result, Prepared>,
  ): Platform<Built & { [K in Name]: Result }> {
    return new Platform([...this.list, { name, area: area as unknown as AnyArea }]);
  }

  /** The areas' names, in build order. */
  get names(): string[] {
    return this.list.map((a) => a.name);
  }

  /**
   * Builds an environment: each area's `prepare` in order, then the site of the environment's
   * target kind, then each area's `build` in order. Returns the stack outputs: the site's, then
   * each area's.
   */
  build(env: Environment): Record<string, unknown> {
    const kind = targetKindOf(env);
    const prepared = this.list.map(({ area }) => area.prepare?.(env, kind));
    const site = buildSite(env, kind);
    const built: Record<string, unknown> = {};
    let outputs: Record<string, unknown> = { ...site.outputs };
    this.list.forEach(({ name, area }, i) => {
      built[name] = area.build({ env, site, built }, prepared[i]);
      outputs = { ...outputs, ...area.outputs(built[name]) };
    });
    return outputs;
  }
}

/**
 * The platform: every area in build order, the same list for every environment and every target
 * kind (EKS, rendered YAML). Adding an area is one `.add` here and its file in `areas/`.
 */
export const PLATFORM = Platform.areas()
  .add("claims", claimsArea)
  .add("data", dataArea)
  .add("workloads", workloadsArea)
  .add("monitoring", monitoringArea)
  .add("edge", edgeArea)
  .add("loadTests", loadTestsArea)
  .add("networkPolicies", networkPoliciesArea)
  .add("governance", governanceArea);

/**
 * Composes the platform for one environment. Everything environment-specific arrives in `env`;
 * nothing here asks which environment it is building: its data selects the target kind.
 */
export function buildPlatform(env: Environment): Record<string, unknown> {
  return PLATFORM.build(env);
}
