import { z } from "zod";
import { parseCidr } from "../../components/network/cidr";
import { imagePinProblem, imageSourceProblem } from "../../model/catalog/support";

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

/** A Go/Kubernetes style duration such as `30s`, `10m` or `1h30m`. */
export const duration = z
  .string()
  .regex(/^(\d+h)?(\d+m)?(\d+s)?$/, "must be a duration like 30s, 10m or 1h30m")
  .refine((v) => v.length > 0, "must not be empty");

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
