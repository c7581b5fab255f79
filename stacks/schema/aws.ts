import { z } from "zod";
import { REGION_ZONES, TAG_LIMITS } from "../../model/catalog";
import { closest } from "../../model/problems";

const region = z.string().superRefine((r, ctx) => {
  if (r in REGION_ZONES) return;
  const guess = closest(r, Object.keys(REGION_ZONES));
  ctx.addIssue({
    code: "custom",
    message: `is not a known region${guess ? `; did you mean ${guess}?` : ""} Known: ${Object.keys(REGION_ZONES).join(", ")} (add one in model/catalog/regions.ts)`,
  });
});

/**
 * Tag keys the program itself sets on every resource (from `owner`, `costCentre` and the stack),
 * or that steer AWS and Kubernetes controllers; `extra` may not set them.
 */
export const PROGRAM_TAG_KEYS = [
  "Environment",
  "Owner",
  "CostCentre",
  "Project",
  "ManagedBy",
  "Name",
];
const CONTROLLER_TAG_PREFIXES = ["kubernetes.io/", "k8s.io/", "eks:", "platform.io/"];

/**
 * Tags the program adds to one resource on top of the default tags: Name, the subnet tier or node
 * group, the two Kubernetes subnet-role tags, the interruption handler's tag, and EKS's own
 * `eks:cluster-name` and `eks:nodegroup-name` on instances. `extra` gets the rest of AWS's 50.
 */
export const RESOURCE_TAG_RESERVE = 6;
/** The most `extra` tags a resource can carry within AWS's limit of 50. */
export const MAX_EXTRA_TAGS =
  TAG_LIMITS.maxTagsPerResource - RESOURCE_TAG_RESERVE - (PROGRAM_TAG_KEYS.length - 1);

const tagText = (what: "key" | "value", max: number) =>
  z
    .string()
    .max(max, `a tag ${what} is at most ${max} characters`)
    .regex(
      TAG_LIMITS.allowed,
      `a tag ${what} may hold letters, digits, spaces and _ . : / = + - @ only`,
    );

const tagValue = tagText("value", TAG_LIMITS.maxValueLength);
const tagKey = tagText("key", TAG_LIMITS.maxKeyLength)
  .min(1, "a tag key must not be empty")
  .superRefine((k, ctx) => {
    if (TAG_LIMITS.reservedPrefix.test(k))
      ctx.addIssue({ code: "custom", message: "the aws: prefix is reserved for AWS's own tags" });
    else if (PROGRAM_TAG_KEYS.includes(k))
      ctx.addIssue({
        code: "custom",
        message: `${k} is set by the program (from platform:tags.owner, costCentre or the stack name); remove it from extra`,
      });
    else if (CONTROLLER_TAG_PREFIXES.some((p) => k.startsWith(p)))
      ctx.addIssue({
        code: "custom",
        message: `keys under ${CONTROLLER_TAG_PREFIXES.join(", ")} steer Kubernetes and AWS controllers or the program; choose another key`,
      });
  });

/** `platform:aws`: where the environment lives. */
export const awsSchema = z.strictObject({
  /** Region of every resource of the environment. Required. */
  region: region.describe("AWS region of every resource of the environment"),
  /** Region that backups are copied to for disaster recovery. Default: none (no cross-region copy). */
  backupRegion: region
    .optional()
    .describe("Region that backups are copied to (DR); unset means no cross-region copy"),
});

/** `platform:tags`: cost allocation and ownership, applied to every taggable AWS resource. */
export const tagsSchema = z.strictObject({
  /** Team that owns the environment (tag `Owner`). Required. */
  owner: tagValue
    .min(1, "must not be empty")
    .describe("Team that owns the environment (tag Owner)"),
  /** Cost centre that pays for it (tag `CostCentre`). Required. */
  costCentre: tagValue
    .min(1, "must not be empty")
    .describe("Cost centre that pays for it (tag CostCentre)"),
  /** Further tags. Default: none. */
  extra: z
    .record(tagKey, tagValue)
    .refine((t) => Object.keys(t).length <= MAX_EXTRA_TAGS, {
      message: `holds more than ${MAX_EXTRA_TAGS} tags; AWS allows 50 per resource and the program sets up to ${50 - MAX_EXTRA_TAGS} of its own`,
    })
    .default({})
    .describe(`Further tags applied to every taggable resource (at most ${MAX_EXTRA_TAGS})`),
});
