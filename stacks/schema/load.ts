import { z } from "zod";
import {
  DEFAULT_MAX_READ_REPLICAS,
  SEED_DATASET_GROWTH_GB_PER_MONTH,
  SEED_DATASET_START_GB,
} from "../../model/capacity";

const atLeastZero = (what: string) =>
  z
    .number({ error: `must be a number of ${what}` })
    .finite(`must be a finite number of ${what}`)
    .min(0, `must be 0 or more ${what}; a load cannot be negative`);

/**
 * `platform:load`: the workload the data tier is declared to carry. The plan and the policy pack
 * check the configured shape against it (the read:write rule and the Redis dataset rule); omit
 * a part to skip its check.
 */
export const loadSchema = z
  .strictObject({
    /** Peak database queries per second. Default: none (no read:write check). */
    database: z
      .strictObject({
        /** Reads per second at peak. */
        readQps: atLeastZero("reads per second").describe("Reads per second at peak"),
        /** Writes per second at peak. */
        writeQps: atLeastZero("writes per second").describe("Writes per second at peak"),
      })
      .optional()
      .describe(
        `Peak database reads and writes per second (a read replica per reads:writes above 4:1, at most ${DEFAULT_MAX_READ_REPLICAS})`,
      ),
    /** The Redis dataset. Default: none (no dataset check). */
    cache: z
      .strictObject({
        /** Dataset today in GB. Default: the seed's 4. */
        datasetGb: atLeastZero("GB")
          .default(SEED_DATASET_START_GB)
          .describe("Redis dataset today in GB"),
        /** Growth in GB per month. Default: the seed's 2. */
        growthGbPerMonth: atLeastZero("GB per month")
          .default(SEED_DATASET_GROWTH_GB_PER_MONTH)
          .describe("Redis dataset growth in GB per month"),
      })
      .optional()
      .describe(
        "Redis dataset and growth, checked at platform:planning.horizonMonths (single node under 5 GB, at most 30 GB per shard)",
      ),
  })
  .optional()
  .describe("Declared data-tier load the configured shape is checked against");
