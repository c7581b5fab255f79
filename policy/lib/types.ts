/**
 * The shape every rule has: an `@pulumi/policy` stack or resource policy whose configuration
 * schema lists every property with its default and rejects unknown ones.
 */
import type {
  PolicyConfigSchema,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";

/** A rule of this pack. */
export type Rule = StackValidationPolicy | ResourceValidationPolicy;

/** A config schema whose properties all have defaults and which rejects unknown keys. */
export function schema(
  properties: NonNullable<PolicyConfigSchema["properties"]>,
): PolicyConfigSchema {
  return { type: "object", properties, additionalProperties: false } as PolicyConfigSchema;
}

/** An integer property with a default. */
export function int(def: number, description: string, minimum = 0) {
  return { type: "integer" as const, minimum, default: def, description };
}

/** A boolean property with a default. */
export function flag(def: boolean, description: string) {
  return { type: "boolean" as const, default: def, description };
}

/** The defaults a config schema declares. */
export function schemaDefaults(s: PolicyConfigSchema | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(s?.properties ?? {})
      .filter(([, p]) => typeof p === "object" && p !== null && "default" in p)
      .map(([k, p]) => [k, (p as { default: unknown }).default]),
  );
}

/**
 * The rule with `getConfig()` answering the schema's defaults for anything the configuration file
 * leaves out, whether or not the engine applied them, so a rule never compares with `undefined`.
 */
export function withDefaults(rule: Rule): Rule {
  const defaults = schemaDefaults(rule.configSchema);
  const wrap = <A extends { getConfig<T extends object>(): T }>(args: A): A =>
    Object.assign(Object.create(args), {
      getConfig: () => ({ ...defaults, ...args.getConfig() }),
    }) as A;
  if ("validateStack" in rule) {
    const validate = rule.validateStack;
    return { ...rule, validateStack: (args, report) => validate(wrap(args), report) };
  }
  const validations = ([] as NonNullable<ResourceValidationPolicy["validateResource"]>[])
    .concat(rule.validateResource ?? [])
    .flat();
  return {
    ...rule,
    validateResource: validations.map((v) => (args, report) => v(wrap(args), report)),
  };
}
