import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ConfigError, type ConfigProblem } from "./errors";
import { targetKindOf, type TargetKindName } from "./kinds";
import { CONFIG_KEYS, Environment, resolveEnvironment, validateSettings } from "./schema";
import { configKeyProblems, configValue, PLATFORM_NAMESPACE } from "./schema/config-keys";
import { CREDENTIAL_NAMESPACES } from "./schema/secrets";

/** The Pulumi config namespace every platform setting lives under. */
export const NAMESPACE = PLATFORM_NAMESPACE;

/**
 * Validates raw settings (keys without the namespace) and returns the environment with every
 * default applied. Throws {@link ConfigError} listing every problem; nothing is half-built.
 *
 * @param name environment (stack) name
 * @param raw settings keyed by config key, e.g. `{ network: { zones: 3 } }`
 * @param source where the settings came from, for the error message
 * @param more problems already found in the rest of the stack's config. @default none
 */
export function parseEnvironment(
  name: string,
  raw: Record<string, unknown>,
  source: string,
  more: ConfigProblem[] = [],
): Environment {
  const { parsed, problems } = validateSettings(raw, source);
  if (parsed === undefined || more.length > 0) {
    throw new ConfigError(name, source, [...more, ...problems]);
  }
  return resolveEnvironment(name, parsed);
}

/**
 * Validates a stack's whole config map, as the Pulumi CLI hands it to the program: the
 * `platform:` settings, and every key of the other namespaces (unknown namespaces, provider keys
 * the program never reads, render secrets). Every problem of the file is reported in one error.
 *
 * @param config flat map `namespace:key` → text (objects JSON-encoded, `secure:` entries as JSON)
 * @param secretKeys keys the engine reports as secret (their text is the decrypted value). @default none
 */
export function parseStackConfig(
  name: string,
  config: Record<string, string>,
  source: string,
  secretKeys: readonly string[] = [],
): Environment {
  const values = Object.fromEntries(
    Object.entries(config).map(([k, text]) => [k, configValue(text, secretKeys.includes(k))]),
  );
  const raw = settingsFromConfigMap(config, secretKeys);
  return parseEnvironment(
    name,
    raw,
    source,
    configKeyProblems(
      values,
      CREDENTIAL_NAMESPACES.filter((ns) => raw[ns] !== undefined),
      source,
    ),
  );
}

/**
 * Converts Pulumi's flat config map (`"platform:network" -> JSON text`) into raw settings. Keys of
 * other namespaces are left to {@link parseStackConfig}; secret values (listed in `secretKeys`, or
 * `secure:` entries read from a file) become {@link SecretValue}s, which are never printed.
 */
export function settingsFromConfigMap(
  config: Record<string, string>,
  secretKeys: readonly string[] = [],
): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [fullKey, text] of Object.entries(config)) {
    const [ns, key] = fullKey.split(":", 2);
    if (ns !== NAMESPACE || key === undefined) continue;
    raw[key] = configValue(text, secretKeys.includes(fullKey));
  }
  return raw;
}

/** The stack file of an environment, relative to the project root. */
export function stackFilePath(
  environment: string,
  projectRoot = path.resolve(__dirname, ".."),
): string {
  return path.join(projectRoot, `Pulumi.${environment}.yaml`);
}

/**
 * Reads `Pulumi.<env>.yaml` the way the Pulumi CLI hands it to the program: a flat map of
 * `namespace:key` to string (objects JSON-encoded). Secure values stay encrypted; the program
 * never needs them to validate the environment.
 */
export function readStackConfig(file: string): Record<string, string> {
  const doc = YAML.parse(fs.readFileSync(file, "utf8")) as {
    config?: Record<string, unknown>;
  } | null;
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(doc?.config ?? {})) {
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return config;
}

/**
 * An environment from its stack file, validated as the program would validate it (tools, tests
 * and the planner read environments without a Pulumi runtime).
 * @param projectRoot @default the repository root
 * @throws ConfigError naming the file and every bad key.
 */
export function loadEnvironment(
  environment: string,
  projectRoot = path.resolve(__dirname, ".."),
): Environment {
  const file = stackFilePath(environment, projectRoot);
  return parseStackConfig(environment, readStackConfig(file), path.basename(file));
}

/**
 * Environments that have a stack file in the project root, sorted: the one list of environments.
 * Tools, tests, the portal and the workflows derive theirs from it.
 */
export function listEnvironments(projectRoot = path.resolve(__dirname, "..")): string[] {
  return fs
    .readdirSync(projectRoot)
    .map((f) => /^Pulumi\.([a-z0-9-]+)\.yaml$/.exec(f)?.[1])
    .filter((e): e is string => e !== undefined)
    .sort();
}

/**
 * Each environment with the target kind its settings select (`stacks/kinds.ts`), sorted by name.
 * @throws ConfigError naming the stack file when one is invalid.
 */
export function environmentKinds(
  projectRoot = path.resolve(__dirname, ".."),
): { name: string; kind: TargetKindName; aws: boolean }[] {
  return listEnvironments(projectRoot).map((name) => {
    const kind = targetKindOf(loadEnvironment(name, projectRoot));
    return { name, kind: kind.name, aws: kind.aws };
  });
}

/** The environments that build AWS, by their data (not their names), sorted. */
export function awsEnvironments(projectRoot = path.resolve(__dirname, "..")): string[] {
  return environmentKinds(projectRoot)
    .filter((e) => e.aws)
    .map((e) => e.name);
}

export { CONFIG_KEYS, ConfigError };
export { SecretValue } from "./schema/secrets";
export type { Environment };

/**
 * The environment of the running Pulumi program: the stack's config, validated. Called first
 * in `index.ts`, so a bad config fails before any resource is registered.
 */
export function environmentFromRuntime(): Environment {
  // Imported lazily so the loader stays usable from tools that never start a Pulumi runtime.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  const stack = pulumi.getStack();
  const config = pulumi.runtime.allConfig();
  // Exported by the SDK's runtime but missing from its typings: the engine's list of secret keys.
  const isSecret = (
    pulumi.runtime as unknown as { isConfigSecret(k: string): boolean }
  ).isConfigSecret.bind(pulumi.runtime);
  return parseStackConfig(
    stack,
    config,
    `Pulumi.${stack}.yaml`,
    Object.keys(config).filter((k) => isSecret(k)),
  );
}
