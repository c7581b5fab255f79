/**
 * What an environment that sleeps outside office hours really costs: each baseline line of the
 * estimate is billed for the hours it runs (hours on x price), at its office-hours quantity during
 * office hours and at its off-hours quantity the rest of the week. Lines that cannot sleep say why,
 * so a report can name the charges that keep the bill up.
 */
import type { PriceRef } from "./bom";
import type { MonthlyEstimate } from "./estimate";

/** Hours in a week; a month's 730 billed hours are spread over weeks in the same proportion. */
export const HOURS_PER_WEEK = 168;

/** Weekdays the office works (Monday to Friday); weekends are off all day. */
export const OFFICE_DAYS_PER_WEEK = 5;

/** How an environment sleeps, in terms of the estimate's resources (Pulumi logical names). */
export interface SleepPlan {
  /** Weekday office hours, local time: `startHour` <= hour < `stopHour`. */
  hours: { startHour: number; stopHour: number };
  /** Node group resource -> its node count outside office hours. */
  nodeGroups: Record<string, number>;
  /** RDS instance resources stopped outside office hours. Default: none. */
  stoppedInstances?: string[];
  /** Minutes before `startHour` at which stopped instances are started. Default: 0. */
  wakeLeadMinutes?: number;
}

/** One resource's cost always on and asleep (baseline scale, USD per month). */
export interface SleepLine {
  resource: string;
  label: string;
  alwaysOn: number;
  asleep: number;
  /** Why it does or does not sleep. */
  why: string;
}

/** The environment's baseline cost always on and asleep. */
export interface SleepingCost {
  /** Weekday office hours per week (what the node groups run at full size). */
  officeHoursPerWeek: number;
  /** Baseline monthly total without the schedule. */
  alwaysOn: number;
  /** Baseline monthly total with the schedule. */
  asleep: number;
  /** `alwaysOn - asleep` as a percentage of `alwaysOn` (0 when nothing is priced). */
  savingsPercent: number;
  /** Every line that is cheaper asleep. */
  sleeping: SleepLine[];
  /** Lines billed in full whatever the hour, dearest first. */
  awake: SleepLine[];
}

/**
 * Hours per week something is on when it runs weekdays from `leadMinutes` before `startHour` to
 * `stopHour`.
 * @throws Error when the hours do not describe a window inside one day (the schema refuses them
 *   first, naming the key).
 */
export function awakeHoursPerWeek(
  hours: { startHour: number; stopHour: number },
  leadMinutes = 0,
): number {
  const { startHour, stopHour } = hours;
  if (!(0 <= startHour && startHour < stopHour && stopHour <= 24))
    throw new Error(
      `office hours must start before they stop within one day, got ${startHour}-${stopHour}`,
    );
  if (!(leadMinutes >= 0 && leadMinutes <= startHour * 60))
    throw new Error(
      `a wake lead of ${leadMinutes} minutes would start before midnight; it must lie in [0, ${startHour * 60}]`,
    );
  return OFFICE_DAYS_PER_WEEK * (stopHour - startHour + leadMinutes / 60);
}

/** Why a line that the plan does not put to sleep is billed around the clock. */
function whyAwake(price: PriceRef): string {
  switch (price.kind) {
    case "eks-cluster":
      return "the EKS control plane is billed per hour whether nodes run or not";
    case "nat-gateway":
      return "a NAT gateway is billed per hour while it exists";
    case "mq-rabbitmq-broker":
      return "Amazon MQ cannot stop a broker, and changing its instance type needs a reboot";
    case "elasticache-redis-node":
      return "ElastiCache cannot stop a node";
    case "rds-storage":
      return "RDS storage is billed while the instance is stopped";
    case "rds-postgres-instance":
      return "not stopped (offHours.stopDatabase is false, or it is a read replica, which RDS cannot stop)";
    case "ec2-instance":
    case "ebs-volume":
      return "node group without offHoursSize";
    default:
      return "billed per month or per use, not per running hour";
  }
}

/**
 * Prices `plan` over the baseline lines of `estimate`: node groups run their baseline count in
 * office hours and their off-hours count otherwise (with their volumes, which go with the
 * instances); stopped RDS instances run only in office hours plus the wake lead. Reserved capacity
 * is a commitment billed whether the nodes run or not, so it saves nothing.
 * @throws Error when the plan names a resource the estimate does not price, or a node group's
 *   off-hours count is negative or above its baseline count.
 */
export function sleepingCost(estimate: MonthlyEstimate, plan: SleepPlan): SleepingCost {
  const office = awakeHoursPerWeek(plan.hours) / HOURS_PER_WEEK;
  const lead = plan.wakeLeadMinutes ?? 0;
  const dbOn = awakeHoursPerWeek(plan.hours, lead) / HOURS_PER_WEEK;
  const stopped = new Set(plan.stoppedInstances ?? []);
  const known = new Set(estimate.lines.map((l) => l.item.resource));
  for (const name of [...Object.keys(plan.nodeGroups), ...stopped])
    if (!known.has(name))
      throw new Error(`the sleep plan names ${name}, which the estimate does not price`);

  const nodesAt = new Map<string, number>();
  for (const l of estimate.lines)
    if (l.item.price.kind === "ec2-instance")
      nodesAt.set(l.item.resource, l.item.quantity.baseline);

  const sleeping: SleepLine[] = [];
  const awake: SleepLine[] = [];
  for (const l of estimate.lines) {
    const { item } = l;
    const alwaysOn = l.monthly.baseline;
    const line = { resource: item.resource, label: l.label, alwaysOn };
    const off = plan.nodeGroups[item.resource];
    const isNodeLine = item.price.kind === "ec2-instance" || item.price.kind === "ebs-volume";
    if (isNodeLine && off !== undefined) {
      const nodes = nodesAt.get(item.resource) ?? 0;
      if (!(off >= 0 && off <= nodes))
        throw new Error(
          `${item.resource}: off-hours size ${off} must lie between 0 and its baseline ${nodes} nodes`,
        );
      if (item.capacity === "reserved") {
        awake.push({
          ...line,
          asleep: alwaysOn,
          why: "reserved capacity is paid for whether the nodes run or not",
        });
        continue;
      }
      const ratio = nodes === 0 ? 1 : off / nodes;
      sleeping.push({
        ...line,
        asleep: alwaysOn * (office + (1 - office) * ratio),
        why: `${nodes} nodes in office hours, ${off} outside`,
      });
    } else if (item.price.kind === "rds-postgres-instance" && stopped.has(item.resource)) {
      sleeping.push({
        ...line,
        asleep: alwaysOn * dbOn,
        why: `stopped outside office hours, started ${lead} min before them`,
      });
    } else if (alwaysOn > 0) {
      awake.push({ ...line, asleep: alwaysOn, why: whyAwake(item.price) });
    }
  }
  const sum = (ls: SleepLine[], k: "alwaysOn" | "asleep") => ls.reduce((a, x) => a + x[k], 0);
  const alwaysOn = estimate.total.baseline;
  const asleep = alwaysOn - sum(sleeping, "alwaysOn") + sum(sleeping, "asleep");
  return {
    officeHoursPerWeek: office * HOURS_PER_WEEK,
    alwaysOn,
    asleep,
    savingsPercent: alwaysOn > 0 ? ((alwaysOn - asleep) / alwaysOn) * 100 : 0,
    sleeping,
    awake: awake.sort((a, b) => b.alwaysOn - a.alwaysOn),
  };
}
