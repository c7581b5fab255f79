import type { z } from "zod";
import { formatProblems, type Problem } from "../model/problems";

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

/** Turns zod issues into problems keyed the way the stack file spells them. */
export function problemsFromZod(
  error: z.ZodError,
  raw: unknown,
  namespace: string,
): ConfigProblem[] {
  return error.issues.flatMap((issue): ConfigProblem[] => {
    const [head, ...rest] = issue.path;
    const key =
      head === undefined
        ? namespace
        : `${namespace}:${[String(head), ...rest.map(String)].join(".")}`;
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((k) => ({
        key: head === undefined ? `${namespace}:${k}` : `${key}.${k}`,
        message:
          "is not a known setting; check the spelling against the configuration reference in docs/configuration.md",
      }));
    }
    const value = valueAt(raw, issue.path);
    if (value === undefined && issue.code === "invalid_type") {
      return [
        {
          key,
          message:
            "is required but missing; add it to the stack file (see the configuration reference in docs/configuration.md)",
        },
      ];
    }
    return [{ key, message: issue.message, value }];
  });
}
