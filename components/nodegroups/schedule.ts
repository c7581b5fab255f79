/** One Auto Scaling scheduled action. */
export interface ScheduledAction {
  /** `stop` at the end of office hours, `start` at the beginning. */
  kind: "stop" | "start";
  /** Cron recurrence in the schedule's time zone. */
  recurrence: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
}

/** Office hours of a non-production environment. */
export interface OfficeHours {
  timezone: string;
  startHour: number;
  stopHour: number;
}

/**
 * The two weekday actions that implement "off 18:00-08:00 on weekdays and all weekend": a stop
 * every weekday evening and a start every weekday morning. Friday's stop therefore lasts until
 * Monday's start, which covers the weekend without a third action.
 */
export function officeHoursActions(
  sizes: { minSize: number; maxSize: number; desiredSize: number; offHoursSize: number },
  hours: OfficeHours,
): ScheduledAction[] {
  return [
    {
      kind: "stop",
      recurrence: `0 ${hours.stopHour} * * 1-5`,
      minSize: sizes.offHoursSize,
      maxSize: sizes.offHoursSize,
      desiredCapacity: sizes.offHoursSize,
    },
    {
      kind: "start",
      recurrence: `0 ${hours.startHour} * * 1-5`,
      minSize: sizes.minSize,
      maxSize: sizes.maxSize,
      desiredCapacity: sizes.desiredSize,
    },
  ];
}
