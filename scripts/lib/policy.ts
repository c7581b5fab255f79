/**
 * Evaluates the real policy pack (`policy/policies.ts`) over what the program registered under
 * mocks, the way the engine would: configuration validated against each rule's JSON schema (with
 * its defaults), enforcement levels from `all` and per-rule settings, resource rules once per
 * resource, stack rules once over all. Used by the policy tests and the offline plan.
 */
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import type {
  EnforcementLevel,
  PolicyResource,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import { policies as PACK } from "../../policy/policies";
import type { Rule } from "../../policy/lib/types";
import { PROJECT_ROOT, ProgramRun, RegisteredResource } from "./program";

/** One reported violation (or a rule that failed to run, reported as a violation of it). */
export interface Verdict {
  policy: string;
  enforcement: Exclude<EnforcementLevel, "disabled" | "remediate">;
  message: string;
  /** Logical name of the resource it is about, when it is about one. */
  resource?: string;
  urn?: string;
}

/** A rule's resolved settings. */
export interface ResolvedRule {
  rule: Rule;
  enforcement: EnforcementLevel;
  config: Record<string, unknown>;
}

/** The pack configuration file of an environment (`policy/config/<env>.json`). */
export function packConfigPath(environment: string): string {
  return path.join(PROJECT_ROOT, "policy", "config", `${environment}.json`);
}

/** Reads an environment's pack configuration; an environment without a file gets `{}` (all advisory). */
export function readPackConfig(environment: string): Record<string, unknown> {
  const file = packConfigPath(environment);
  if (!fs.existsSync(file)) return {};
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new Error(
      `${path.relative(PROJECT_ROOT, file)} is not valid JSON: ${(e as Error).message}`,
    );
  }
}

const LEVELS = ["advisory", "mandatory", "disabled"];

function levelOf(v: unknown, where: string): EnforcementLevel | undefined {
  const level =
    typeof v === "string"
      ? v
      : v && typeof v === "object"
        ? (v as { enforcementLevel?: unknown }).enforcementLevel
        : undefined;
  if (level === undefined) return undefined;
  if (typeof level !== "string" || !LEVELS.includes(level))
    throw new Error(
      `${where}: enforcementLevel ${JSON.stringify(level)} must be one of ${LEVELS.join(", ")}`,
    );
  return level as EnforcementLevel;
}

/**
 * Validates a pack configuration against the pack and resolves every rule's level and settings.
 * @param config parsed configuration (`all` and per-rule entries).
 * @param source where it came from, for messages.
 * @param rules the rules; default the real pack.
 * @throws Error naming the rule and the key when the configuration does not match a rule's schema
 *   or names a rule the pack does not have.
 */
export function resolvePack(
  config: Record<string, unknown>,
  source: string,
  rules: Rule[] = PACK,
): ResolvedRule[] {
  const names = new Set(rules.map((r) => r.name));
  for (const key of Object.keys(config)) {
    if (key !== "all" && !names.has(key))
      throw new Error(
        `${source}: "${key}" is not a policy of the pack; policies: ${[...names].join(", ")}`,
      );
  }
  const all = levelOf(config.all, `${source}: all`);
  return rules.map((rule) => {
    const entry = config[rule.name];
    const enforcement =
      levelOf(entry, `${source}: ${rule.name}`) ?? all ?? rule.enforcementLevel ?? "advisory";
    const settings = {
      ...(entry && typeof entry === "object" ? (entry as Record<string, unknown>) : {}),
    };
    delete settings.enforcementLevel;
    const parsed = z
      .fromJSONSchema((rule.configSchema ?? { properties: {} }) as never)
      .safeParse(settings);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (i) => `${rule.name}${i.path.length ? `.${i.path.join(".")}` : ""}: ${i.message}`,
      );
      throw new Error(
        `${source}: configuration does not match the policy's schema:\n  ${problems.join("\n  ")}`,
      );
    }
    return { rule, enforcement, config: parsed.data as Record<string, unknown> };
  });
}

function policyResources(resources: RegisteredResource[]): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const out = resources.map((r) => {
    const p = {
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: r.inputs,
      opts: {
        protect: r.protect,
        ignoreChanges: r.ignoreChanges,
        aliases: [],
        additionalSecretOutputs: [],
        replaceOnChanges: [],
        retainOnDelete: r.retainOnDelete,
      },
      dependencies: [] as PolicyResource[],
      propertyDependencies: {} as Record<string, PolicyResource[]>,
      isType: (cls: { __pulumiType?: string }) => cls.__pulumiType === r.type,
      asType: (cls: { __pulumiType?: string }) =>
        cls.__pulumiType === r.type ? r.inputs : undefined,
    } as unknown as PolicyResource;
    byUrn.set(r.urn, p);
    return p;
  });
  resources.forEach((r, i) => {
    const p = out[i] as {
      parent?: PolicyResource;
      dependencies: PolicyResource[];
      propertyDependencies: Record<string, PolicyResource[]>;
    };
    p.parent = r.parent ? byUrn.get(r.parent) : undefined;
    p.dependencies = r.dependencies
      .map((u) => byUrn.get(u))
      .filter((x): x is PolicyResource => x !== undefined);
    for (const [k, urns] of Object.entries(r.propertyDependencies ?? {}))
      p.propertyDependencies[k] = urns
        .map((u) => byUrn.get(u))
        .filter((x): x is PolicyResource => x !== undefined);
  });
  return out;
}

const notApplicable = (): never => {
  throw NOT_APPLICABLE;
};
const NOT_APPLICABLE = Symbol("not applicable");

/**
 * Runs every enabled rule over a program run.
 * @param run what the program registered.
 * @param config the pack configuration (see {@link readPackConfig}).
 * @param source where the configuration came from, for messages; default "policy config".
 * @returns every violation, in pack order. A rule that throws is reported as its own violation.
 */
export async function evaluatePack(
  run: ProgramRun,
  config: Record<string, unknown>,
  source = "policy config",
): Promise<Verdict[]> {
  const resolved = resolvePack(config, source);
  const resources = policyResources(run.resources);
  const stackTags = new Map<string, string>();
  const verdicts: Verdict[] = [];
  for (const { rule, enforcement, config: settings } of resolved) {
    if (enforcement === "disabled" || enforcement === "remediate") continue;
    const report = (urn?: string) => (message: string, reportedUrn?: string) => {
      const at = reportedUrn ?? urn;
      verdicts.push({
        policy: rule.name,
        enforcement,
        message,
        urn: at,
        resource: at ? resources.find((r) => r.urn === at)?.name : undefined,
      });
    };
    const guard = async (urn: string | undefined, f: () => void | Promise<void>) => {
      try {
        await f();
      } catch (e) {
        if (e !== NOT_APPLICABLE) report(urn)(`the policy failed: ${(e as Error).message}`);
      }
    };
    const getConfig = <T extends object>() => settings as T;
    if ("validateStack" in rule) {
      const args: StackValidationArgs = { resources, stackTags, getConfig, notApplicable };
      await guard(undefined, () => rule.validateStack(args, report()));
    } else {
      const validations = ([] as unknown[]).concat(rule.validateResource ?? []) as Array<
        (a: ResourceValidationArgs, r: (m: string) => void) => void
      >;
      for (const r of resources) {
        const args = {
          type: r.type,
          props: r.props,
          urn: r.urn,
          name: r.name,
          opts: r.opts,
          stackTags,
          getConfig,
          notApplicable,
          isType: r.isType,
          asType: r.asType,
        } as unknown as ResourceValidationArgs;
        for (const v of validations) await guard(r.urn, () => v(args, report(r.urn)));
      }
    }
  }
  return verdicts;
}

/** The violations that block a deployment. */
export function mandatory(verdicts: Verdict[]): Verdict[] {
  return verdicts.filter((v) => v.enforcement === "mandatory");
}
