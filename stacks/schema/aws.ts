import { z } from "zod";
import { REGION_ZONES } from "../../model/catalog";

const region = z.string().refine((r) => r in REGION_ZONES, {
  message: `must be one of the known regions: ${Object.keys(REGION_ZONES).join(", ")}`,
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
  owner: z
    .string()
    .min(1, "must not be empty")
    .describe("Team that owns the environment (tag Owner)"),
  /** Cost centre that pays for it (tag `CostCentre`). Required. */
  costCentre: z
    .string()
    .min(1, "must not be empty")
    .describe("Cost centre that pays for it (tag CostCentre)"),
  /** Further tags. Default: none. */
  extra: z
    .record(z.string(), z.string())
    .default({})
    .describe("Further tags applied to every taggable resource"),
});
