import { z } from "zod";
import { EC2_INSTANCE_TYPES } from "../../model/catalog";
import { intAtLeast, labelMap, uniqueList } from "./common";

export const NODE_ROLES = ["system", "application", "baseline"] as const;
export const CAPACITY_TYPES = ["spot", "on-demand", "reserved"] as const;

const instanceTypeName = z.string().refine((t) => t in EC2_INSTANCE_TYPES, {
  message:
    "is not in the instance catalogue (model/catalog/ec2.ts); add it there with its size and max pods",
});

const taint = z.strictObject({
  key: z.string().min(1),
  value: z.string().default(""),
  effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"], {
    error: "must be NoSchedule, PreferNoSchedule or NoExecute",
  }),
});

/** One managed node group. Sizes are node counts. */
export const nodeGroupSchema = z
  .strictObject({
    /** What runs on it: cluster add-ons (`system`), stateless apps (`application`) or baseline/stateful-adjacent pods (`baseline`). */
    role: z
      .enum(NODE_ROLES, { error: `must be one of ${NODE_ROLES.join(", ")}` })
      .describe("system | application | baseline"),
    /** How the capacity is bought. `reserved` is on-demand covered by reserved instances or a savings plan. */
    capacityType: z
      .enum(CAPACITY_TYPES, { error: `must be one of ${CAPACITY_TYPES.join(", ")}` })
      .describe("spot | on-demand | reserved"),
    /** Instance types; spot groups need at least three of the same size. */
    instanceTypes: uniqueList(instanceTypeName, "instance type")
      .min(1, "must list at least one instance type")
      .describe("EC2 instance types"),
    /** Fewest nodes. */
    minSize: intAtLeast(1).describe("Fewest nodes (at least 1)"),
    /** Most nodes the cluster autoscaler may add. */
    maxSize: intAtLeast(1).describe("Most nodes the cluster autoscaler may reach"),
    /** Nodes at creation; afterwards the cluster autoscaler owns it. Default: `minSize`. */
    desiredSize: intAtLeast(1)
      .optional()
      .describe("Nodes at creation (default minSize); the autoscaler owns it afterwards"),
    /** Root volume (gp3, encrypted) in GiB. Default: 50. */
    diskGiB: intAtLeast(20)
      .max(2000, "must be at most 2000")
      .default(50)
      .describe("Root gp3 volume size in GiB"),
    /** Size outside office hours when the environment has an off-hours schedule. Default: none (not scheduled). */
    offHoursSize: intAtLeast(0)
      .optional()
      .describe("Node count outside office hours (only with platform:offHours)"),
    /** Per-zone EC2 capacity reservation for reserved groups. Default: none. */
    capacityReservationPerZone: intAtLeast(1)
      .optional()
      .describe(
        "Instances to reserve per zone with an EC2 capacity reservation (reserved groups only)",
      ),
    /** Percentage of nodes replaced at once during a rolling update. Default: 33. */
    maxUnavailablePercent: intAtLeast(1)
      .max(100, "must be at most 100")
      .default(33)
      .describe("Rolling update: % of nodes replaced at once"),
    /** Extra node labels. Default: none. */
    labels: labelMap.default({}).describe("Extra node labels"),
    /** Extra taints on top of the ones the role implies. Default: none. */
    taints: z.array(taint).default([]).describe("Extra taints on top of the role's"),
  })
  .superRefine((g, ctx) => {
    const desired = g.desiredSize ?? g.minSize;
    if (g.minSize > g.maxSize) {
      ctx.addIssue({
        code: "custom",
        path: ["minSize"],
        message: `minSize ${g.minSize} is greater than maxSize ${g.maxSize}`,
      });
    }
    if (desired < g.minSize || desired > g.maxSize) {
      ctx.addIssue({
        code: "custom",
        path: ["desiredSize"],
        message: `desiredSize ${desired} must lie between minSize ${g.minSize} and maxSize ${g.maxSize}`,
      });
    }
    if (g.offHoursSize !== undefined && g.offHoursSize > g.maxSize) {
      ctx.addIssue({
        code: "custom",
        path: ["offHoursSize"],
        message: `offHoursSize ${g.offHoursSize} exceeds maxSize ${g.maxSize}`,
      });
    }
    const specs = g.instanceTypes.map((t) => EC2_INSTANCE_TYPES[t]).filter((s) => s !== undefined);
    if (new Set(specs.map((s) => s.arch)).size > 1) {
      ctx.addIssue({
        code: "custom",
        path: ["instanceTypes"],
        message: "mixes x86_64 and arm64 types; a node group has one AMI",
      });
    }
    if (g.capacityType === "spot") {
      const shapes = new Set(specs.map((s) => `${s.vcpu}/${s.memoryGiB}`));
      if (new Set(g.instanceTypes).size < 3 || shapes.size > 1) {
        ctx.addIssue({
          code: "custom",
          path: ["instanceTypes"],
          message: `spot groups need at least 3 interchangeable types of the same vCPU and memory (got ${g.instanceTypes.join(", ")})`,
        });
      }
      if (g.role === "system") {
        ctx.addIssue({
          code: "custom",
          path: ["capacityType"],
          message: "the system group runs cluster-critical add-ons and must not be spot",
        });
      }
    }
    if (g.capacityType === "reserved" && g.instanceTypes.length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["instanceTypes"],
        message:
          "reserved groups use exactly one instance type, the one the reserved instances / savings plan cover",
      });
    }
    if (g.capacityReservationPerZone !== undefined && g.capacityType !== "reserved") {
      ctx.addIssue({
        code: "custom",
        path: ["capacityReservationPerZone"],
        message: "capacity reservations apply to reserved groups only",
      });
    }
  });

/** `platform:nodeGroups`: node groups by name (the name becomes part of the EKS node group name). */
export const nodeGroupsSchema = z
  .record(
    z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/,
        "node group names are 2-20 lowercase letters, digits or '-'",
      ),
    nodeGroupSchema,
  )
  .superRefine((groups, ctx) => {
    const roles = Object.values(groups).map((g) => g.role);
    if (roles.filter((r) => r === "system").length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "exactly one node group must have role system (for cluster add-ons)",
      });
    }
    if (!roles.includes("application")) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "at least one node group must have role application",
      });
    }
  })
  .describe("Managed node groups by name");

/** `platform:autoscaler`: the cluster autoscaler's scale-down behaviour. */
export const autoscalerSchema = z.strictObject({
  /** Node utilisation below which a node is a scale-down candidate. Default: 0.5. */
  scaleDownUtilizationThreshold: z
    .number()
    .gt(0, "must be above 0")
    .max(1, "must be at most 1")
    .default(0.5)
    .describe("Node utilisation (0-1) below which a node may be removed"),
  /** How long a node must be unneeded before removal. Default: `10m`. */
  scaleDownUnneededTime: z
    .string()
    .regex(/^\d+[smh]$/, "must be a duration like 10m")
    .default("10m")
    .describe("How long a node must be unneeded before removal"),
  /** Pause after a scale-up before scale-down is considered. Default: `10m`. */
  scaleDownDelayAfterAdd: z
    .string()
    .regex(/^\d+[smh]$/, "must be a duration like 10m")
    .default("10m")
    .describe("Pause after a scale-up before scale-down is considered"),
  /** Give up on a node that has not joined after this long. Default: `15m`. */
  maxNodeProvisionTime: z
    .string()
    .regex(/^\d+[smh]$/, "must be a duration like 15m")
    .default("15m")
    .describe("Give up on a node that has not joined after this long"),
});

/** `platform:offHours`: office-hours schedule for application node groups; omit for always-on (prod). */
export const offHoursSchema = z
  .strictObject({
    /** IANA time zone of the office. Default: `UTC`. */
    timezone: z
      .string()
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat("en", { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, "must be an IANA time zone like Europe/London")
      .default("UTC")
      .describe("IANA time zone of the office"),
    /** Hour (0-23) at which weekday office hours start. Default: 8. */
    startHour: intAtLeast(0)
      .max(23, "must be 0-23")
      .default(8)
      .describe("Hour weekday office hours start"),
    /** Hour (0-23) at which weekday office hours end. Default: 18. */
    stopHour: intAtLeast(0)
      .max(23, "must be 0-23")
      .default(18)
      .describe("Hour weekday office hours end (weekends are off all day)"),
    /** Stop the RDS database outside office hours (RDS cannot stop one with read replicas). Default: false. */
    stopDatabase: z
      .boolean()
      .default(false)
      .describe("Stop the RDS database outside office hours (not with read replicas)"),
    /** Minutes before startHour at which a stopped database is started (RDS takes minutes to start). Default: 30. */
    databaseWakeLeadMinutes: intAtLeast(0)
      .max(120, "must be at most 120 minutes")
      .default(30)
      .describe("Minutes before startHour at which a stopped database is started"),
  })
  .refine((o) => o.startHour < o.stopHour, {
    message:
      "startHour must be before stopHour: office hours that end at or before they start would never end (or overlap the next day's); use e.g. startHour 8, stopHour 18",
    path: ["startHour"],
  })
  .refine((o) => o.databaseWakeLeadMinutes <= o.startHour * 60, {
    message:
      "would start the database the day before office hours, overlapping the previous night's stop; lower it to at most startHour x 60 minutes",
    path: ["databaseWakeLeadMinutes"],
  })
  .optional()
  .describe("Office-hours schedule (timezone, startHour, stopHour); omit for always-on");
