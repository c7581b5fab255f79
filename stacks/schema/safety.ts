import { z } from "zod";
import { closest } from "../../model/problems";

type Issue = { path: (string | number)[]; message: string };

/** What the safety controls read: the parsed settings, and which sections the file itself has. */
interface SafetyInput {
  cluster: { deletionProtection: boolean };
  database: { protect: boolean; parameters: Record<string, string | number> };
  cache: { protect: boolean };
  queue: { protect: boolean };
  tls: { issuer: { kind: string } };
  monitoring?: unknown;
  safetyOptOuts: Record<string, string>;
}

/** One safety setting of a protected environment: where it lives and how it is turned off. */
interface SafetyControl {
  /** The key under `platform:` the problem is reported at. */
  path: (string | number)[];
  /** Why it is off, or undefined when it is on. */
  off(env: SafetyInput, raw: Record<string, unknown>): string | undefined;
}

/**
 * The safety settings a protected environment keeps unless `platform:safetyOptOuts` names the
 * exception with a reason. Keyed by the name an opt-out uses.
 */
export const SAFETY_CONTROLS: Readonly<Record<string, SafetyControl>> = {
  "database.protect": {
    path: ["database", "protect"],
    off: (e) =>
      e.database.protect
        ? undefined
        : "turns off deletion protection, the final snapshot and Pulumi protect of the database",
  },
  "database.parameters.rds.force_ssl": {
    path: ["database", "parameters", "rds.force_ssl"],
    off: (e) =>
      String(e.database.parameters["rds.force_ssl"]) === "1"
        ? undefined
        : "lets clients reach PostgreSQL without TLS",
  },
  "cache.protect": {
    path: ["cache", "protect"],
    off: (e) =>
      e.cache.protect ? undefined : "turns off Pulumi protect of the Redis replication group",
  },
  "queue.protect": {
    path: ["queue", "protect"],
    off: (e) =>
      e.queue.protect ? undefined : "turns off Pulumi protect of the broker and its messages",
  },
  tls: {
    path: ["tls"],
    off: (e, raw) =>
      raw.tls === undefined
        ? "is missing, so certificates fall back to a self-signed issuer clients do not trust"
        : e.tls.issuer.kind === "selfSigned"
          ? "issues self-signed certificates clients do not trust"
          : undefined,
  },
  monitoring: {
    path: ["monitoring"],
    off: (e) =>
      e.monitoring === undefined
        ? "is missing, so nothing alerts, no dashboard and no CloudWatch alarm watches the environment"
        : undefined,
  },
};

/** `platform:safetyOptOuts`: named exceptions to the safety settings of a protected environment. */
export const safetyOptOutsSchema = z
  .record(
    z.string(),
    z
      .string({ error: "must be the reason, as text" })
      .min(15, "give the reason: what, why, until when or which ticket (at least 15 characters)"),
  )
  .superRefine((optOuts, ctx) => {
    for (const name of Object.keys(optOuts)) {
      if (name in SAFETY_CONTROLS) continue;
      const guess = closest(name, Object.keys(SAFETY_CONTROLS));
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: `is not a safety setting${guess ? `; did you mean ${guess}?` : ""} (known: ${Object.keys(SAFETY_CONTROLS).join(", ")})`,
      });
    }
  })
  .default({})
  .describe(
    `Protected environments only: safety settings turned off on purpose, each with its reason (${Object.keys(SAFETY_CONTROLS).join(", ")})`,
  );

/**
 * A protected environment (`platform:cluster.deletionProtection: true`, what the portal also reads)
 * keeps every safety control on unless an opt-out names it with a reason; an opt-out that is not
 * needed (the control is on, or the environment is not protected) is refused too, so an exception
 * never lies in wait for a later change.
 */
export function safetyIssues(env: SafetyInput, raw: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const isProtected = env.cluster.deletionProtection;
  for (const [name, control] of Object.entries(SAFETY_CONTROLS)) {
    const off = control.off(env, raw);
    const optedOut = name in env.safetyOptOuts;
    if (isProtected && off !== undefined && !optedOut) {
      issues.push({
        path: control.path,
        message:
          `${off}, in a protected environment (platform:cluster.deletionProtection is true); ` +
          `turn it back on, or list it under platform:safetyOptOuts as "${name}: <reason>"`,
      });
    } else if (optedOut && (off === undefined || !isProtected)) {
      issues.push({
        path: ["safetyOptOuts", name],
        message: isProtected
          ? `is not needed: the setting is on; remove the opt-out`
          : "is not needed: the environment is not protected (platform:cluster.deletionProtection is false); remove it",
      });
    }
  }
  return issues;
}
