import { closest, type Problem } from "../../model/problems";
import {
  CREDENTIAL_NAMESPACES,
  isSecureEntry,
  RENDER_SECRET_KEYS,
  SECRET_SETTINGS,
  secretProblems,
  SecretValue,
} from "./secrets";

/** The namespace every platform setting lives under (also the project's name). */
export const PLATFORM_NAMESPACE = "platform";

/** Engine settings a stack may carry besides the program's own. */
export const ENGINE_KEYS = ["pulumi:disable-default-providers"];

/**
 * Provider namespaces the program does not read: every AWS and Kubernetes resource goes through a
 * provider the program builds itself (AWS from `platform:aws`, credentials from the environment;
 * Kubernetes from the cluster it creates or `platform:render`), and explicit providers ignore
 * stack config. A key there would look like it changes something and change nothing.
 */
const PROVIDER_NAMESPACES: Record<string, string> = {
  aws: "the program's AWS provider takes its region from platform:aws.region and credentials from the environment (AWS_PROFILE, AWS_ROLE_ARN, ...)",
  kubernetes:
    "the program's Kubernetes providers are built from the cluster it creates (or platform:render)",
  random: "the random provider has no settings",
};

const KNOWN_NAMESPACES = [PLATFORM_NAMESPACE, ...CREDENTIAL_NAMESPACES, "pulumi"];

/** A config map value as the loader reads it: secrets wrapped so they are never printed. */
export function configValue(text: string, secret: boolean): unknown {
  if (secret) return new SecretValue(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text; // Pulumi stores plain strings unquoted
  }
  return isSecureEntry(value) ? new SecretValue(undefined, value.secure) : value;
}

/**
 * Problems with the keys of a stack's config outside `platform:` (whose keys the schema checks):
 * unknown namespaces (`platfrom:database` → did you mean `platform:database`), provider settings
 * the program never reads, `render:`/`sandbox:` secrets missing, unused or stored in plain text.
 *
 * @param values every key of the stack's config, its value read by {@link configValue}
 * @param credentialsSet the credential namespaces whose `platform:` setting is set (`render`,
 *   `sandbox`): their secrets are then required, and refused otherwise
 * @param source the stack file, for messages
 */
export function configKeyProblems(
  values: Record<string, unknown>,
  credentialsSet: readonly string[],
  source: string,
): Problem[] {
  const problems: Problem[] = [];
  const keysOf = (ns: string) => Object.values(RENDER_SECRET_KEYS).map((k) => `${ns}:${k}`);
  for (const [full, value] of Object.entries(values)) {
    const colon = full.indexOf(":");
    const ns = colon < 0 ? "" : full.slice(0, colon);
    const key = full.slice(colon + 1);
    if (ns === PLATFORM_NAMESPACE) continue;
    if ((CREDENTIAL_NAMESPACES as readonly string[]).includes(ns)) {
      const nsKeys = keysOf(ns);
      if (!nsKeys.includes(full)) {
        const guess = closest(full, nsKeys);
        problems.push({
          key: full,
          message: `is not a ${ns} secret${guess ? `; did you mean ${guess}?` : ""} (known: ${nsKeys.join(", ")})`,
        });
      } else if (!credentialsSet.includes(ns)) {
        problems.push({
          key: full,
          message: `is read only when platform:${ns} is set; remove it`,
        });
      } else {
        problems.push(...secretProblems(full, value, source));
      }
    } else if (ns === "pulumi") {
      if (!ENGINE_KEYS.includes(full))
        problems.push({
          key: full,
          message: `is not an engine setting a stack sets here; the only one is ${ENGINE_KEYS.join(", ")}`,
        });
    } else if (ns in PROVIDER_NAMESPACES) {
      problems.push({
        key: full,
        message: `is not read: ${PROVIDER_NAMESPACES[ns]}; remove it`,
        value: value instanceof SecretValue ? undefined : value,
      });
    } else {
      const guess = colon < 0 ? PLATFORM_NAMESPACE : closest(ns, KNOWN_NAMESPACES);
      problems.push({
        key: full,
        message: `${colon < 0 ? "has no namespace" : `is under "${ns}:", a namespace this program does not read`}${
          guess ? `; did you mean ${guess}:${key}?` : ""
        } (settings live under platform:, see docs/configuration.md)`,
      });
    }
  }
  for (const ns of credentialsSet)
    for (const full of keysOf(ns))
      if (!(full in values)) problems.push(...secretProblems(full, undefined, source));
  return problems;
}

export { SECRET_SETTINGS };
