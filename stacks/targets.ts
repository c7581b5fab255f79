import type { Site } from "./areas/area";
import { buildFoundation, foundationOutputs } from "./areas/foundation";
import { renderSite } from "./areas/render";
import { sandboxSite } from "./areas/sandbox";
import type { TargetKind, TargetKindName } from "./kinds";
import type { Environment } from "./schema";

/**
 * How each target kind (`stacks/kinds.ts`) sets up the site the areas build on. A new kind adds
 * its builder here; the compiler refuses a kind without one.
 */
const SITE_BUILDERS: Record<TargetKindName, (env: Environment) => Site> = {
  sandbox: sandboxSite,
  render: renderSite,
  eks: (env) => {
    const aws = buildFoundation(env);
    return { target: aws.target, aws, outputs: foundationOutputs(aws) };
  },
};

/** Builds the site of an environment of the given kind. */
export function buildSite(env: Environment, kind: TargetKind): Site {
  return SITE_BUILDERS[kind.name](env);
}
