/**
 * Mutations of a shipped stack file for the property tests: each is an edit an operator could
 * make by mistake (a typo in a key, a value of the wrong kind or size, a deleted section) or on
 * purpose with a value AWS accepts, with the keys it touched.
 */
import fc from "fast-check";
import { knownKeysAt } from "../../../stacks/errors";
import { readStackConfig, stackFilePath } from "../../../stacks/load";
import { environmentShape } from "../../../stacks/schema";
import { z } from "zod";
import { PROJECT_ROOT } from "../../../scripts/lib/program";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

/** A stack file's config as the CLI reads it: `platform:` settings as JSON, other keys as text. */
export interface StackConfig {
  settings: Record<string, Json>;
  others: Record<string, string>;
}

/** What a mutation should lead to: a refusal, an acceptance, or either (then invariants decide). */
export type Expect = "refuse" | "accept" | "either";

/** One mutated stack config and what it touched. */
export interface Mutation {
  environment: string;
  kind: string;
  config: Record<string, string>;
  /** Full keys the edit touched, e.g. `platform:network.cidr`. */
  touched: string[];
  expect: Expect;
  description: string;
}

/** The stack file of an environment, split into settings and the other namespaces' keys. */
export function stackConfig(environment: string): StackConfig {
  const flat = readStackConfig(stackFilePath(environment, PROJECT_ROOT));
  const settings: Record<string, Json> = {};
  const others: Record<string, string> = {};
  for (const [key, text] of Object.entries(flat)) {
    if (!key.startsWith("platform:")) {
      others[key] = text;
      continue;
    }
    try {
      settings[key.slice("platform:".length)] = JSON.parse(text) as Json;
    } catch {
      settings[key.slice("platform:".length)] = text;
    }
  }
  return { settings, others };
}

/** Back to the flat map the CLI hands the program (plain strings unquoted, as Pulumi stores them). */
export function flatten(c: StackConfig): Record<string, string> {
  const out = { ...c.others };
  for (const [k, v] of Object.entries(c.settings))
    out[`platform:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  return out;
}

const clone = (c: StackConfig): StackConfig => JSON.parse(JSON.stringify(c)) as StackConfig;

/** Every path in the settings (objects, arrays and leaves), top-level keys included. */
export function pathsOf(value: Json, at: Path = []): Path[] {
  const out: Path[] = at.length ? [at] : [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...at, i])));
  else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  return out;
}

const keyOf = (p: Path) => `platform:${p.map(String).join(".")}`;

function parentOf(root: Record<string, Json>, p: Path): Json {
  let cur: Json = root;
  for (const seg of p.slice(0, -1)) cur = (cur as Record<string, Json>)[seg as string];
  return cur;
}

function get(root: Record<string, Json>, p: Path): Json {
  return (parentOf(root, p) as Record<string, Json>)[p[p.length - 1] as string];
}

function set(root: Record<string, Json>, p: Path, v: Json): void {
  (parentOf(root, p) as Record<string, Json>)[p[p.length - 1] as string] = v;
}

/** Setting names an object at `p` knows (empty for maps and lists, whose keys are free). */
const fieldsAt = (p: Path) => knownKeysAt(z.strictObject(environmentShape), p);

/** A misspelling of `word`: two letters swapped, one dropped, doubled or changed. */
function typo(word: string, seed: number): string {
  const i = seed % Math.max(1, word.length - 1);
  switch (seed % 4) {
    case 0:
      return word.length > 1
        ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)
        : `${word}x`;
    case 1:
      return word.length > 2 ? word.slice(0, i) + word.slice(i + 1) : `${word}s`;
    case 2:
      return word.slice(0, i) + word[i] + word.slice(i);
    default:
      return word.slice(0, i) + (word[i] === "e" ? "a" : "e") + word.slice(i + 1);
  }
}

/** Values of every kind and size, including the classic mistakes. */
export const anyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.integer({ min: -3, max: 100_000 }),
  fc.constantFrom(0, 1, 2, 7, 10, 31, 59, 60, 1000),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 1e6 }),
  fc.constantFrom(
    "",
    "latest",
    "192m",
    "0.0.0.0/0",
    "10.0.0.0/8",
    "1.99",
    "75 1 * * *",
    "monitoring",
    "kube-system",
    "aws:owner",
    "x".repeat(300),
  ),
  fc.string({ maxLength: 10 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant([] as Json[]),
  fc.constant({} as Json),
);

/**
 * Values that mean something for a kind of setting (by its key): names the platform owns,
 * versions and types just outside what AWS offers, quantities and schedules with the classic
 * slips, and values that are fine. A "set-semantic" mutation puts one into a setting of its kind.
 */
const SEMANTIC: [RegExp, Json[]][] = [
  [
    /namespace|namespaces\.\d+$/,
    [
      "monitoring",
      "data",
      "platform-headroom",
      "autoscaling",
      "cert-manager",
      "kube-system",
      "default",
      "apps",
      "agents",
      "team-x",
    ],
  ],
  [
    /queues\.\d+$|\.queue$/,
    ["agent-tasks", "agent.tasks", "agent_results", "agent-results", "jobs"],
  ],
  [/database\.engineVersion$/, ["12", "13", "14", "17", "18", "19", "17.2"]],
  [/cache\.engineVersion$/, ["6.2", "7.0", "7.1", "7.2", "7.5", "8.0"]],
  [/queue\.engineVersion$/, ["3.8", "4.2", "4.0"]],
  [/instanceType$/, ["mq.t3.micro", "mq.m7g.large"]],
  [/memory$/, ["192m", "100Mi", "5Mi", "6Mi", "1.5Gi", "2G", "0.5", "1e9", "256MB"]],
  [/cpu$/, ["0.0001", "100u", "0", "250m", "1", "1.5", "2000m"]],
  [
    /maintenanceSchedule$/,
    [
      "75 1 * * *",
      "0 0 31 2 *",
      "0 15 1 * * *",
      "@daily",
      "0 3 * * 1-5",
      "0 0 * * 7",
      "15 1 L * *",
    ],
  ],
  [
    /region$|backupRegion$/,
    ["us-east-l", "us-west-1", "eu-west-1", "us-east-1", "us-west-2", "mars-1"],
  ],
  [
    /cidr$|publicAccessCidrs\.\d+$/,
    ["0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/12", "172.16.0.0/16", "8.8.8.0/24", "192.168.0.0/29"],
  ],
  [/rds\.force_ssl$/, [0, 1, "0", "1"]],
  [/protect$|deletionProtection$/, [true, false]],
  [/RetentionDays$/, [1, 7, 10, 30, 90, 365, 366, 0]],
  [/subnetPrefixLength\.\w+$/, [16, 19, 22, 24, 26, 28, 29]],
  [/maxSize$|minSize$|desiredSize$|replicas$|readReplicas$|shards$/, [0, 1, 3, 30, 300, 3000]],
  [/PoolSize$/, [0, 1, 25, 100, 1000]],
  [/database\.instanceClass$/, ["db.t4g.micro", "db.t4g.small", "db.r6g.large", "db.r7g.16xlarge"]],
];

/** The pool for a setting, by its key, if it has one. */
export function semanticPool(p: Path): Json[] | undefined {
  const key = p.map(String).join(".");
  return SEMANTIC.find(([re]) => re.test(key))?.[1];
}

/** The raw ingredients of one mutation, drawn by fast-check. */
export const mutationSeed = fc.record({
  kind: fc.constantFrom(
    "typo-key",
    "delete",
    "set-value",
    "nudge-number",
    "repeat-entry",
    "set-semantic",
    "set-semantic",
    "set-semantic",
    "set-semantic",
    "append-semantic",
    "unknown-key",
    "namespace-typo",
  ),
  pick: fc.nat(),
  seed: fc.nat(),
  value: anyValue,
  factor: fc.constantFrom(-1, 0, 0.5, 2, 3, 10, 1000),
});

/** One draw of {@link mutationSeed}. */
export type MutationSeed = typeof mutationSeed extends fc.Arbitrary<infer T> ? T : never;

/** Applies a drawn mutation to an environment's stack config. */
export function mutate(environment: string, s: MutationSeed): Mutation {
  const c = clone(stackConfig(environment));
  const paths = pathsOf(c.settings as Json);
  const p = paths[s.pick % paths.length];
  const base = { environment, kind: s.kind };
  switch (s.kind) {
    case "typo-key": {
      const name = String(p[p.length - 1]);
      const known = fieldsAt(p.slice(0, -1));
      const bad = typo(name, s.seed);
      if (typeof p[p.length - 1] !== "string" || bad === name || known.includes(bad)) break;
      const parent = parentOf(c.settings, p) as Record<string, Json>;
      parent[bad] = parent[name];
      delete parent[name];
      const renamed = [...p.slice(0, -1), bad];
      return {
        ...base,
        config: flatten(c),
        touched: [keyOf(renamed), keyOf(p)],
        // A field of a fixed object must be spelt right; a map's key (a node group, a tag) is a name.
        expect: known.includes(name) ? "refuse" : "either",
        description: `${keyOf(p)} renamed to ${keyOf(renamed)}`,
      };
    }
    case "delete": {
      const parent = parentOf(c.settings, p);
      if (Array.isArray(parent)) parent.splice(p[p.length - 1] as number, 1);
      else delete (parent as Record<string, Json>)[p[p.length - 1] as string];
      return {
        ...base,
        config: flatten(c),
        touched: [keyOf(p)],
        expect: "either",
        description: `${keyOf(p)} deleted`,
      };
    }
    case "set-value": {
      set(c.settings, p, s.value);
      return {
        ...base,
        config: flatten(c),
        touched: [keyOf(p)],
        expect: "either",
        description: `${keyOf(p)} = ${JSON.stringify(s.value).slice(0, 60)}`,
      };
    }
    case "set-semantic": {
      // Settings present in the file, and settings left to their defaults (engine versions, schedules).
      const absent = [[] as Path, ...paths]
        .filter((q) => {
          const v = q.length ? get(c.settings, q) : c.settings;
          return v !== null && typeof v === "object" && !Array.isArray(v);
        })
        .flatMap((q) => {
          const v = (q.length ? get(c.settings, q) : c.settings) as Record<string, Json>;
          return fieldsAt(q)
            .filter((f) => !(f in v))
            .map((f) => [...q, f]);
        });
      const leaves = [...paths, ...absent].filter((q) => {
        const v = get(c.settings, q);
        return semanticPool(q) !== undefined && (v === undefined || typeof v !== "object");
      });
      if (leaves.length === 0) break;
      const q = leaves[s.pick % leaves.length];
      const pool = semanticPool(q)!;
      const value = pool[s.seed % pool.length];
      set(c.settings, q, value);
      return {
        ...base,
        config: flatten(c),
        touched: [keyOf(q)],
        expect: "either",
        description: `${keyOf(q)} = ${JSON.stringify(value)}`,
      };
    }
    case "append-semantic": {
      const lists = paths.filter(
        (q) => Array.isArray(get(c.settings, q)) && semanticPool([...q, 0]) !== undefined,
      );
      if (lists.length === 0) break;
      const q = lists[s.pick % lists.length];
      const pool = semanticPool([...q, 0])!;
      const list = get(c.settings, q) as Json[];
      list.push(pool[s.seed % pool.length]);
      return {
        ...base,
        config: flatten(c),
        touched: [keyOf([...q, list.length - 1]), keyOf(q)],
        expect: "either",
        description: `${keyOf(q)} + ${JSON.stringify(list[list.length - 1])}`,
      };
    }
    case "nudge-number": {
      const numbers = paths.filter((q) => typeof get(c.settings, q) === "number");
      const q = numbers[s.pick % numbers.length];
      const v = (get(c.settings, q) as number) * s.factor + (s.seed % 3) - 1;
      set(c.settings, q, v);
      return {
        ...base,
        config: flatten(c),
        touched: [keyOf(q)],
        expect: "either",
        description: `${keyOf(q)} = ${v}`,
      };
    }
    case "repeat-entry": {
      const lists = paths.filter((q) => {
        const v = get(c.settings, q);
        return Array.isArray(v) && v.length > 0;
      });
      if (lists.length === 0) break;
      const q = lists[s.pick % lists.length];
      const list = get(c.settings, q) as Json[];
      list.push(JSON.parse(JSON.stringify(list[s.seed % list.length])) as Json);
      return {
        ...base,
        config: flatten(c),
        touched: [keyOf([...q, list.length - 1]), keyOf(q)],
        expect: "either",
        description: `${keyOf(q)} repeats an entry`,
      };
    }
    case "unknown-key": {
      const objects = [[], ...paths].filter((q) => {
        const v = q.length ? get(c.settings, q) : c.settings;
        return v !== null && typeof v === "object" && !Array.isArray(v) && fieldsAt(q).length > 0;
      });
      const q = objects[s.pick % objects.length];
      const known = fieldsAt(q);
      const name = typo(known[s.seed % known.length], s.seed + 1);
      if (known.includes(name)) break;
      const target = (q.length ? get(c.settings, q) : c.settings) as Record<string, Json>;
      target[name] = s.value;
      return {
        ...base,
        config: flatten(c),
        touched: [keyOf([...q, name])],
        expect: "refuse",
        description: `unknown ${keyOf([...q, name])} added`,
      };
    }
    case "namespace-typo": {
      const keys = Object.keys(c.settings);
      const key = keys[s.pick % keys.length];
      const ns = typo("platform", s.seed);
      if (ns === "platform") break;
      const config = flatten(c);
      config[`${ns}:${key}`] = config[`platform:${key}`];
      if (s.seed % 2 === 0) delete config[`platform:${key}`];
      return {
        ...base,
        config,
        touched: [`${ns}:${key}`],
        expect: "refuse",
        description: `${ns}:${key} (misspelt namespace)`,
      };
    }
  }
  // Nothing to do for this draw: the unmutated file, which must be accepted.
  return {
    ...base,
    kind: "none",
    config: flatten(clone(stackConfig(environment))),
    touched: [],
    expect: "accept",
    description: "unchanged",
  };
}
