/**
 * The shape of a pricing table (`model/pricing/<region>.json`). Validation happens once, at load
 * time, so the cost model can trust every number it reads: prices are positive and finite,
 * discounts are fractions below 1, and every section cites sources the table actually lists.
 */
import { z } from "zod";

const price = z.number().positive().finite();
const fraction = z.number().min(0).lt(1);

/** A map from an AWS type name (checked by `pattern`) to a positive price. */
function priceMap<T extends z.ZodType>(pattern: RegExp, example: string, value: T) {
  return z.record(
    z.string().regex(pattern, { message: `type names look like "${example}"` }),
    value,
  );
}

/** Citation fields every priced section carries: which sources, and how far they were checked. */
const cited = {
  /** Day the section's prices were last read from its sources, when later than the table's `date`. */
  asOf: z.iso.date().optional(),
  sources: z.array(z.string().min(1)).min(1),
  basis: z.string().min(1),
};

const singleMulti = z.strictObject({ singleAz: price, multiAz: price });

/** Zod schema of a pricing table; unknown keys are rejected so typos cannot silently drop a price. */
export const pricingTableSchema = z
  .strictObject({
    $comment: z.string().optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'a region looks like "us-east-1"' }),
    currency: z.literal("USD"),
    date: z.iso.date(),
    hoursPerMonth: z.literal(730),
    operatingSystem: z.string().min(1),
    sources: z
      .array(
        z.strictObject({ id: z.string().min(1), url: z.string().min(1), title: z.string().min(1) }),
      )
      .min(1),
    discounts: z.strictObject({ spot: fraction, reserved: fraction, ...cited }),
    ec2: z.strictObject({
      onDemandHourly: priceMap(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "m6i.xlarge", price),
      ...cited,
    }),
    /** A capacity reservation is billed at `ec2.onDemandHourly`; the section carries its citation. */
    capacityReservation: z.strictObject({ ...cited }),
    eks: z.strictObject({ clusterHourly: price, extendedSupportHourly: price, ...cited }),
    natGateway: z.strictObject({ hourly: price, perGbProcessed: price, ...cited }),
    publicIpv4: z.strictObject({ hourly: price, ...cited }),
    vpcEndpoint: z.strictObject({ interfaceAzHourly: price, ...cited }),
    dataTransfer: z.strictObject({ interAzPerGb: price, internetOutPerGb: price, ...cited }),
    ebs: z.strictObject({
      gbMonth: priceMap(/^[a-z0-9]+$/, "gp3", price),
      snapshotGbMonth: price,
      ...cited,
    }),
    rdsPostgres: z.strictObject({
      instanceHourly: priceMap(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "db.r6g.xlarge", singleMulti),
      storageGbMonth: priceMap(/^[a-z0-9]+$/, "gp3", singleMulti),
      backupGbMonth: price,
      ...cited,
    }),
    elasticacheRedis: z.strictObject({
      nodeHourly: priceMap(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "cache.r6g.large", price),
      ...cited,
    }),
    mqRabbitmq: z.strictObject({
      brokerHourly: priceMap(/^mq\.[a-z0-9]+\.[a-z0-9]+$/, "mq.m5.large", price),
      ...cited,
    }),
    cloudwatch: z.strictObject({
      alarmMetricMonthly: z.strictObject({ standard: price, high: price }),
      logsIngestionPerGb: price,
      logsStorageGbMonth: price,
      customMetricMonthly: price,
      ...cited,
    }),
    backup: z.strictObject({ ebsSnapshotGbMonth: price, rdsSnapshotGbMonth: price, ...cited }),
    secretsManager: z.strictObject({
      secretMonthly: price,
      perTenThousandApiCalls: price,
      ...cited,
    }),
    kms: z.strictObject({ keyMonthly: price, ...cited }),
    elb: z.strictObject({ albHourly: price, lcuHourly: price, ...cited }),
    wafv2: z.strictObject({
      webAclMonthly: price,
      ruleMonthly: price,
      perMillionRequests: price,
      ...cited,
    }),
    cloudfront: z.strictObject({
      perMillionHttpsRequests: price,
      perGbTransferOut: price,
      ...cited,
    }),
    route53: z.strictObject({ hostedZoneMonthly: price, ...cited }),
    omitted: z.array(z.strictObject({ item: z.string().min(1), reason: z.string().min(1) })),
  })
  .superRefine((table, ctx) => {
    const known = new Set(table.sources.map((s) => s.id));
    for (const [section, value] of Object.entries(table)) {
      if (
        typeof value !== "object" ||
        value === null ||
        !("sources" in value) ||
        Array.isArray(value)
      )
        continue;
      for (const id of (value as { sources: string[] }).sources) {
        if (!known.has(id)) {
          ctx.addIssue({
            code: "custom",
            path: [section, "sources"],
            message: `cites source "${id}", which is not listed in "sources" (listed: ${[...known].join(", ")})`,
          });
        }
      }
    }
  });

/** A validated pricing table. */
export type PricingTable = z.infer<typeof pricingTableSchema>;
