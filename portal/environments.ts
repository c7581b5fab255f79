/**
 * Environments are the project's `Pulumi.<env>.yaml` files. Names are checked before they touch
 * a path or a command line, and whether an environment is protected is read from data: the
 * portal's list, or a stack config value such as `platform:cluster.deletionProtection`.
 */
import * as fs from "fs";
import * as path from "path";
import { listEnvironments, readStackConfig, stackFilePath } from "../stacks/load";

/** What an environment (stack) name may look like: no separators, no dots, so never a path. */
export const ENVIRONMENT_NAME = "^[a-z0-9][a-z0-9-]{0,62}$";
const NAME = new RegExp(ENVIRONMENT_NAME);

/** Thrown for a name that is malformed (400) or names no stack file (404). */
export class EnvironmentError extends Error {
  constructor(
    message: string,
    readonly statusCode: 400 | 404,
  ) {
    super(message);
    this.name = "EnvironmentError";
  }
}

/** Throws unless `name` is well formed and `Pulumi.<name>.yaml` exists in `projectDir`. */
export function requireEnvironment(projectDir: string, name: string): string {
  if (!NAME.test(name)) {
    throw new EnvironmentError(
      `environment name ${JSON.stringify(name)} is invalid: lowercase letters, digits and "-" only (${ENVIRONMENT_NAME})`,
      400,
    );
  }
  if (!listEnvironments(projectDir).includes(name)) {
    throw new EnvironmentError(
      `unknown environment "${name}": no Pulumi.${name}.yaml in the project`,
      404,
    );
  }
  return name;
}

const parsed = new Map<string, { mtimeMs: number; size: number; config: Record<string, string> }>();

/** A stack file's config, parsed again only when the file changed (every request asks). */
function stackConfig(file: string): Record<string, string> {
  const stat = fs.statSync(file);
  const hit = parsed.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.config;
  const config = readStackConfig(file);
  parsed.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, config });
  return config;
}

/** Follows `a.b.c` into a parsed config value. */
function at(value: unknown, keys: string[]): unknown {
  let cur = value;
  for (const k of keys) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/**
 * Whether changes to an environment are restricted (admin only) and destroy refused. An
 * unreadable stack file counts as protected: failing closed is the safe side.
 * @param protectedEnvironments names protected by the portal's own configuration.
 * @param configKeys `namespace:key.path` entries; any that is `true` in the stack file protects it.
 */
export function isProtected(
  projectDir: string,
  name: string,
  protectedEnvironments: readonly string[],
  configKeys: readonly string[],
): boolean {
  if (protectedEnvironments.includes(name)) return true;
  let config: Record<string, string>;
  try {
    config = stackConfig(stackFilePath(name, projectDir));
  } catch {
    return true;
  }
  return configKeys.some((entry) => {
    const [key, ...rest] = entry.split(".");
    const text = config[key];
    if (text === undefined) return false;
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Plain strings are stored unquoted.
    }
    const value = at(parsed, rest);
    return value === true || value === "true";
  });
}

/** Environment names of the project, sorted. */
export function environments(projectDir: string): string[] {
  if (!fs.existsSync(path.join(projectDir, "Pulumi.yaml"))) {
    throw new Error(`${projectDir} is not a Pulumi project (no Pulumi.yaml)`);
  }
  return listEnvironments(projectDir);
}
