/**
 * Source of the function that puts a non-production database to sleep: run every 15 minutes, it
 * compares each RDS instance's status with what the office hours want at that moment and stops or
 * starts it. Reconciling instead of firing one stop and one start is what handles RDS's own
 * behaviour: RDS starts an instance that has been stopped for 7 days, and a person may start one
 * at night; either is stopped again at the next run outside office hours. Instances that are
 * starting, stopping, backing up or being modified are left alone until a later run.
 *
 * The source is plain JavaScript (Node.js 20, the AWS SDK v3 the Lambda runtime ships), kept as a
 * string so the deployed code is exactly what the tests import and run with a fake RDS client.
 */

/** Settings the function reads from its `SLEEP_CONFIG` environment variable (JSON). */
export interface SleepConfig {
  /** IANA time zone of the office. */
  timezone: string;
  /** Weekday office hours: `startHour` <= local hour < `stopHour`. */
  startHour: number;
  stopHour: number;
  /** Minutes before `startHour` from which the database must be running. */
  wakeLeadMinutes: number;
  /** RDS instance identifiers to stop and start. */
  dbInstances: string[];
}

/** Environment variable that carries the {@link SleepConfig}. */
export const SLEEP_CONFIG_ENV = "SLEEP_CONFIG";

/** The function's `index.mjs`. Exports `handler` (Lambda), and `awake` and `reconcile` (pure, for tests). */
export function sleepHandlerSource(): string {
  return `const WEEKDAYS = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Local ISO weekday (1 = Monday) and minutes after midnight of \`now\` in \`timeZone\`. */
export function localTime(now, timeZone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { weekday: WEEKDAYS[parts.weekday], minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** Whether the database must be running at \`now\`: weekdays from the wake lead before startHour to stopHour. */
export function awake(now, config) {
  const { weekday, minutes } = localTime(now, config.timezone);
  return weekday <= 5 && minutes >= config.startHour * 60 - config.wakeLeadMinutes && minutes < config.stopHour * 60;
}

/** Brings every instance to the state \`now\` wants; \`rds\` is { status(id), stop(id), start(id) }. */
export async function reconcile(rds, now, config) {
  const want = awake(now, config) ? "available" : "stopped";
  const results = [];
  for (const id of config.dbInstances) {
    const status = await rds.status(id);
    let action = "none";
    if (want === "stopped" && status === "available") {
      await rds.stop(id);
      action = "stop";
    } else if (want === "available" && status === "stopped") {
      await rds.start(id);
      action = "start";
    }
    results.push({ id, status, action });
  }
  return { want, results };
}

export const handler = async () => {
  const sdk = await import("@aws-sdk/client-rds");
  const client = new sdk.RDSClient({});
  const rds = {
    status: async (id) =>
      (await client.send(new sdk.DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances?.[0]?.DBInstanceStatus,
    stop: (id) => client.send(new sdk.StopDBInstanceCommand({ DBInstanceIdentifier: id })),
    start: (id) => client.send(new sdk.StartDBInstanceCommand({ DBInstanceIdentifier: id })),
  };
  const outcome = await reconcile(rds, new Date(), JSON.parse(process.env.${SLEEP_CONFIG_ENV} ?? "{}"));
  console.log(JSON.stringify({ event: "office-hours-database", ...outcome }));
  return outcome;
};
`;
}
