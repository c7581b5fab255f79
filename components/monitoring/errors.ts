import { formatProblems, type Problem } from "../../model/problems";

/**
 * Thrown by the monitoring builders (targets, alert rules, Alertmanager configuration) for input
 * they cannot build from. Keys are the builders' own (`services[1].latencyObjectiveMs`, or the
 * `configKey` the caller passed); the stacks' monitoring area reports it as the environment's
 * ConfigError, so components never depend on the stacks.
 */
export class MonitoringInputError extends Error {
  constructor(
    /** The environment the input belongs to. */
    readonly environment: string,
    /** Which builder refused it, e.g. "alert rules". */
    readonly source: string,
    readonly problems: Problem[],
  ) {
    super(`invalid ${source} for environment "${environment}":\n${formatProblems(problems)}`);
    this.name = "MonitoringInputError";
  }
}
