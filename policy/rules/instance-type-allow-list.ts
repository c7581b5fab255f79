import { at, label, T } from "../lib/read";
import { Rule, schema } from "../lib/types";

const list = (def: string[], what: string) => ({
  type: "array" as const,
  items: { type: "string" as const, pattern: "^[a-z0-9.*-]+$" },
  default: def,
  description: `${what}; a trailing * matches a family (e.g. m6i.*)`,
});

/** Whether `type` matches one of `patterns` (exact, or a prefix ending in `*`). */
export function allowed(type: string, patterns: string[]): boolean {
  return patterns.some((p) => (p.endsWith("*") ? type.startsWith(p.slice(0, -1)) : type === p));
}

const CHECKS: Array<{ type: string; key: "ec2" | "rds" | "elasticache" | "mq"; paths: string[] }> =
  [
    { type: T.nodeGroup, key: "ec2", paths: ["instanceTypes"] },
    { type: T.launchTemplate, key: "ec2", paths: ["instanceType"] },
    { type: T.ec2Instance, key: "ec2", paths: ["instanceType"] },
    { type: T.rds, key: "rds", paths: ["instanceClass"] },
    { type: T.redis, key: "elasticache", paths: ["nodeType"] },
    { type: T.mq, key: "mq", paths: ["hostInstanceType"] },
  ];

export const instanceTypeAllowList: Rule = {
  name: "instance-type-allow-list",
  description:
    "Checks whether every EC2 instance type, RDS instance class, ElastiCache node type and Amazon MQ broker type is on the environment's allow-list.",
  configSchema: schema({
    ec2: list(
      [
        "t3.*",
        "m5.*",
        "m5a.*",
        "m6i.*",
        "m6a.*",
        "m6g.*",
        "m7i.*",
        "m7g.*",
        "c6i.*",
        "c7i.*",
        "r6i.*",
      ],
      "EC2 instance types",
    ),
    rds: list(["db.t4g.*", "db.r5.*", "db.r6g.*", "db.r6i.*", "db.m6g.*"], "RDS instance classes"),
    elasticache: list(
      ["cache.t4g.*", "cache.m6g.*", "cache.r6g.*", "cache.r7g.*"],
      "ElastiCache node types",
    ),
    mq: list(["mq.t3.micro", "mq.m5.*"], "Amazon MQ broker instance types"),
  }),
  validateResource: (args, report) => {
    const config = args.getConfig<Record<"ec2" | "rds" | "elasticache" | "mq", string[]>>();
    for (const c of CHECKS.filter((x) => x.type === args.type)) {
      for (const path of c.paths) {
        const v = at(args.props, path);
        const types = (Array.isArray(v) ? v : v === undefined ? [] : [v]) as string[];
        const bad = types.filter((t) => !allowed(t, config[c.key]));
        if (bad.length > 0)
          report(
            `${label(args)}: ${path} ${bad.join(", ")} not on this environment's ${c.key} allow-list (${config[c.key].join(", ")})`,
          );
      }
    }
  },
};
