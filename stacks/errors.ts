import type { z } from "zod";
import { closest, formatProblems, type Problem } from "../model/problems";
import { SecretValue } from "./schema/secrets";

/** One problem with an environment's configuration; `key` is the full key as the stack file spells it. */
export type ConfigProblem = Problem;

/**
 * Thrown before any resource is registered when `Pulumi.<env>.yaml` is invalid. The message
 * lists every problem, each naming the key, the bad value and what is allowed.
 */
export class ConfigError extends Error {
  constructor(
    readonly environment: string,
    readonly source: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `invalid configuration for environment "${environment}" (${source}):\n` +
        formatProblems(problems),
    );
    this.name = "ConfigError";
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  return cur;
}

// zod 4 keeps a schema's structure on `_zod.def`; only what the walk below needs is typed.
type Def = {
  type: string;
  innerType?: Schema;
  in?: Schema;
  getter?: () => Schema;
  shape?: Record<string, Schema>;
  valueType?: Schema;
  element?: Schema;
  options?: Schema[];
};
type Schema = { _zod: { def: Def } };

/** The schemas a value may be checked by once wrappers (default, optional, transform) are peeled. */
function peel(s: Schema): Schema[] {
  const def = s._zod.def;
  if (def.innerType) return peel(def.innerType);
  if (def.type === "pipe" && def.in) return peel(def.in);
  if (def.type === "lazy" && def.getter) return peel(def.getter());
  if (def.type === "union" && def.options) return def.options.flatMap(peel);
  return [s];
}

/** Setting names an object at `path` of `schema` knows, for a "did you mean" hint. */
export function knownKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  let current = peel(schema as Schema);
  for (const seg of path) {
    current = current.flatMap((s) => {
      const def = s._zod.def;
      if (def.type === "object" && def.shape && typeof seg === "string" && seg in def.shape)
        return peel(def.shape[seg]);
      if (def.type === "record" && def.valueType) return peel(def.valueType);
      if (def.type === "array" && def.element) return peel(def.element);
      return [];
    });
  }
  return current.flatMap((s) => Object.keys(s._zod.def.shape ?? {}));
}

const describe = (v: unknown) =>
  v === null
    ? "null"
    : Array.isArray(v)
      ? "a list"
      : typeof v === "object"
        ? "an object"
        : `a ${typeof v}`;

/**
 * Turns zod issues into problems keyed the way the stack file spells them.
 * @param raw the value that was parsed (for the offending values)
 * @param prefix the key of `raw`, e.g. `platform:network` (`platform` when raw is every setting)
 * @param schema what `raw` was parsed with, for "did you mean" hints on unknown keys
 */
export function problemsFromZod(
  error: z.ZodError,
  raw: unknown,
  prefix: string,
  schema?: unknown,
): ConfigProblem[] {
  const keyOf = (path: readonly PropertyKey[]) =>
    path.length === 0
      ? prefix
      : prefix.includes(":")
        ? `${prefix}.${path.map(String).join(".")}`
        : `${prefix}:${path.map(String).join(".")}`;
  return error.issues.flatMap((issue): ConfigProblem[] => {
    const key = keyOf(issue.path);
    if (issue.code === "unrecognized_keys") {
      const known = schema === undefined ? [] : knownKeysAt(schema, issue.path);
      return issue.keys.map((k) => {
        const guess = closest(k, known);
        return {
          key: keyOf([...issue.path, k]),
          message: guess
            ? `is not a known setting; did you mean ${keyOf([...issue.path, guess])}?`
            : `is not a known setting${known.length ? ` (known here: ${known.join(", ")})` : ""}; see docs/configuration.md`,
        };
      });
    }
    if (issue.code === "invalid_key") {
      // A record's key is wrong: report the key itself, with the key's own messages.
      return [
        {
          key,
          message: `is not allowed as a key: ${issue.issues.map((i) => i.message).join("; ")}`,
        },
      ];
    }
    const found = valueAt(raw, issue.path);
    const value = found instanceof SecretValue ? undefined : found;
    if (found === undefined && issue.code === "invalid_type") {
      return [
        {
          key,
          message:
            "is required but missing; add it to the stack file (see the configuration reference in docs/configuration.md)",
        },
      ];
    }
    if (issue.code === "invalid_type" && issue.message.startsWith("Invalid input")) {
      return [
        {
          key,
          message: `must be ${issue.expected === "object" ? "an object" : `a ${issue.expected}`}, not ${describe(found)}`,
          value,
        },
      ];
    }
    return [{ key, message: issue.message, value }];
  });
}
