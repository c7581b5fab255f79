import { buildFoundation, foundationOutputs } from "./areas/foundation";
import type { Environment } from "./schema";

/**
 * Composes the platform for one environment, area by area. Everything environment-specific
 * arrives in `env`; nothing here asks which environment it is building. Each area is a
 * function in `areas/` that returns what later areas and the stack outputs need.
 */
export function buildPlatform(env: Environment) {
  const foundation = buildFoundation(env);
  return { ...foundationOutputs(foundation) };
}
