import { CronExpressionParser } from "cron-parser";
import { z } from "zod";
import { parseCidr } from "../../components/network/cidr";
import { CLOUDWATCH_RETENTION_DAYS } from "../../model/catalog";
import { imagePinProblem, imageSourceProblem } from "../../model/catalog/support";
import { cpuQuantityProblem, memoryQuantityProblem } from "../../model/capacity/quantity";

/** A whole number of at least `min`, with a message that states the bound. */
export const intAtLeast = (min: number) =>
  z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`);

/** An IPv4 CIDR block; the message explains what was wrong with it. */
export const cidr = z.string().superRefine((value, ctx) => {
  try {
    parseCidr(value);
  } catch (err) {
    ctx.addIssue({ code: "custom", message: (err as Error).message });
  }
});

/** A DNS-label-like name used for Kubernetes objects and AWS name prefixes. */
export const shortName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,22}[a-z0-9]$/,
    "must be 2-24 lowercase letters, digits or '-', starting with a letter",
  );

/** Kubernetes label values: 63 characters of the label alphabet. */
export const labelMap = z.record(
  z
    .string()
    .regex(
      /^([a-z0-9.-]+\/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/,
      "is not a valid label key",
    ),
  z
    .string()
    .regex(/^([A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?$/, "is not a valid label value"),
);

/** A Helm chart pinned by repository and version. */
export const chart = z.strictObject({
  /** Chart repository URL (https or oci). */
  repository: z
    .string()
    .regex(/^(https|oci):\/\//, "must be an https:// or oci:// URL")
    .describe("Chart repository (https or oci)"),
  /** Chart name within the repository. */
  name: z.string().min(1).describe("Chart name"),
  /** Exact chart version; ranges are not accepted so a deploy is repeatable. */
  version: z
    .string()
    .regex(/^v?\d+\.\d+\.\d+$/, "must be an exact version like 1.2.3")
    .describe("Exact chart version"),
});

/**
 * A container image pinned by an exact tag or a `sha256` digest: never untagged and never
 * `latest`, so a redeploy pulls the image that was reviewed, and from a source that still serves
 * it (rules in `model/catalog/support.ts`).
 */
export const image = z.string({ error: "must be an image reference" }).superRefine((value, ctx) => {
  const problem = imagePinProblem(value) ?? imageSourceProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
});
/** A string checked by a function that returns what is wrong with it (or undefined). */
const checked = (problem: (value: string) => string | undefined) =>
  z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message !== undefined) ctx.addIssue({ code: "custom", message });
  });

/** A CPU request or limit: a Kubernetes quantity above 0, no finer than 1m. */
export const cpu = checked(cpuQuantityProblem);
/** A memory request or limit: whole bytes (never `192m`), at least 6Mi. */
export const memory = checked(memoryQuantityProblem);

/** Days to keep a CloudWatch log group: one of the periods CloudWatch Logs accepts. */
export const cloudwatchRetentionDays = z
  .number({ error: "must be a number of days" })
  .refine(
    (d) => CLOUDWATCH_RETENTION_DAYS.includes(d),
    `must be one of CloudWatch's retention periods: ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`,
  );

/** A list whose entries must be distinct; a repeat is reported at its index, naming `what`. */
export function uniqueList<T extends z.ZodType>(item: T, what: string) {
  return z.array(item).superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((v, i) => {
      const k = JSON.stringify(v);
      if (seen.has(k))
        ctx.addIssue({
          code: "custom",
          path: [i],
          message: `lists the ${what} ${k} twice; remove the repeat`,
        });
      seen.add(k);
    });
  });
}

const CRON_FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 6 },
] as const;
const CRON_DESCRIPTORS = [
  "@yearly",
  "@annually",
  "@monthly",
  "@weekly",
  "@daily",
  "@midnight",
  "@hourly",
];
const CRON_NAMES = /JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT/gi;

/**
 * Why `text` is not a schedule a Kubernetes CronJob runs, or undefined. Kubernetes takes five
 * fields (robfig/cron's standard parser: day of week 0-6, no `L`, `W`, `#`, `H` or seconds, no
 * `TZ=` prefix) or a descriptor such as `@daily`; cron-parser then checks the grammar and that
 * the schedule can fire at all (`0 0 31 2 *` never does).
 */
export function cronProblem(text: string): string | undefined {
  const t = text.trim();
  if (/^(CRON_)?TZ=/.test(t))
    return "a time zone in the schedule is refused by Kubernetes CronJobs; write the schedule in UTC";
  if (t.startsWith("@"))
    return CRON_DESCRIPTORS.includes(t)
      ? undefined
      : `is not a schedule descriptor Kubernetes knows (${CRON_DESCRIPTORS.join(", ")})`;
  const fields = t.split(/\s+/);
  if (fields.length !== 5)
    return `has ${fields.length} fields; a Kubernetes CronJob takes five (minute hour day-of-month month day-of-week), like '15 1 * * *'`;
  for (const [i, field] of fields.entries()) {
    const { name, min, max } = CRON_FIELDS[i];
    if (/[LWH#]/i.test(field.replace(CRON_NAMES, "")))
      return `${name} field ${JSON.stringify(field)} uses L, W, # or H, which Kubernetes CronJobs do not understand`;
    for (const part of field.split(",")) {
      const range = part.split("/")[0];
      for (const n of range.match(/\d+/g) ?? []) {
        if (Number(n) < min || Number(n) > max)
          return `${name} ${n} is out of range; the ${name} field takes ${min}-${max}`;
      }
    }
  }
  try {
    CronExpressionParser.parse(t, { currentDate: new Date("2026-01-01T00:00:00Z") });
  } catch (err) {
    return `is not a valid cron schedule (${(err as Error).message}); write five fields like '15 1 * * *'`;
  }
  return undefined;
}

/** A Kubernetes CronJob schedule (UTC). */
export const cronSchedule = checked(cronProblem);
