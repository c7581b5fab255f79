// Generates promtool unit-test files from the planned alerts, so a threshold change in the
// configuration is re-tested by the real rule engine without anyone editing a test.
import YAML from "yaml";
import { type PlannedAlert, formatPromDuration } from "../../../components/monitoring/rules";
import { STEP_SECONDS, fixtureFor, type Fixture } from "./series";

/** How far above/below its threshold an alert is pushed: 2 %, "just" above or below. */
export const MARGIN = 0.02;
/** How long after the `for` period an alert is checked again, to show it keeps firing (or silent). */
const SUSTAIN_SECONDS = 600;

/** The two levels tested for an alert: the one that must fire and the one that must not. */
export function levelsFor(alert: PlannedAlert): { above: number; below: number } {
  if (alert.kind === "hpaAtMax") return { above: 100, below: 90 };
  const nudge = (x: number) => avoidRoundingTie(x, alert.valueDecimals);
  return {
    above: nudge(alert.threshold * (1 + MARGIN)),
    below: nudge(alert.threshold * (1 - MARGIN)),
  };
}

// Go's %.Nf and JavaScript's toFixed may round an exact tie differently; stay clear of ties.
function avoidRoundingTie(x: number, decimals: number): number {
  const scaled = x * 10 ** decimals;
  return Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6 ? x * 1.0001 : x;
}

function fires(alert: PlannedAlert, level: number): boolean {
  return alert.comparison === ">" ? level > alert.threshold : level >= alert.threshold;
}

interface ExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}

/**
 * Alerts named like `subject` that are firing `elapsed` seconds after onset at `level`: every
 * tier of the same check on the same target whose threshold is crossed and whose `for` passed.
 */
function expectedAt(
  subject: PlannedAlert,
  all: readonly PlannedAlert[],
  fx: Fixture,
  level: number,
  elapsed: number,
  environment: string,
): ExpectedAlert[] {
  const sameTarget = (a: PlannedAlert) =>
    JSON.stringify(a.targetLabels) === JSON.stringify(subject.targetLabels);
  return all
    .filter((a) => a.alert === subject.alert && a.kind === subject.kind && sameTarget(a))
    .filter((a) => fires(a, level) && elapsed >= a.forSeconds)
    .map((a) => {
      const known: Record<string, string> = { ...fx.labels, ...a.targetLabels };
      const label = (name: string) => {
        if (!(name in known))
          throw new Error(`${a.alert} wording uses label ${name}, which its series do not carry`);
        return known[name];
      };
      const concrete = { label, value: fx.value.toFixed(a.valueDecimals) };
      const seriesLabels = Object.fromEntries(a.seriesLabels.map((n) => [n, label(n)]));
      return {
        exp_labels: { severity: a.severity, environment, ...a.targetLabels, ...seriesLabels },
        exp_annotations: {
          summary: a.summary(concrete),
          description: a.description(concrete),
          runbook_url: a.runbookUrl,
        },
      };
    });
}

function testGroup(
  subject: PlannedAlert,
  all: readonly PlannedAlert[],
  level: number,
  environment: string,
) {
  const probe = fixtureFor(subject, level, 1);
  const end = probe.onsetSeconds + subject.forSeconds + SUSTAIN_SECONDS;
  const fx = fixtureFor(subject, level, end / STEP_SECONDS);
  const times = [
    subject.forSeconds - STEP_SECONDS,
    subject.forSeconds,
    subject.forSeconds + SUSTAIN_SECONDS,
  ].filter((t) => t >= 0);
  return {
    interval: formatPromDuration(STEP_SECONDS),
    input_series: fx.series,
    alert_rule_test: times.map((elapsed) => ({
      eval_time: formatPromDuration(fx.onsetSeconds + elapsed),
      alertname: subject.alert,
      exp_alerts: expectedAt(subject, all, fx, level, elapsed, environment),
    })),
  };
}

/**
 * The promtool test file for one alert: a group just above the threshold (silent one step before
 * the `for` period ends, firing when it ends and ten minutes later) and a group just below it
 * (silent throughout, apart from lower tiers of the same check that are legitimately crossed).
 */
export function promtoolTestFile(
  subject: PlannedAlert,
  all: readonly PlannedAlert[],
  rulesFile: string,
  environment: string,
): string {
  const { above, below } = levelsFor(subject);
  const doc = {
    rule_files: [rulesFile],
    evaluation_interval: formatPromDuration(STEP_SECONDS),
    tests: [
      testGroup(subject, all, above, environment),
      testGroup(subject, all, below, environment),
    ],
  };
  return YAML.stringify(doc, { lineWidth: 0 });
}

/**
 * The promtool test file at exactly the threshold: an alert comparing with `>` stays silent there
 * (one comparing with `>=` fires), while lower tiers of the same check that are crossed fire.
 */
export function promtoolBoundFile(
  subject: PlannedAlert,
  all: readonly PlannedAlert[],
  rulesFile: string,
  environment: string,
): string {
  const doc = {
    rule_files: [rulesFile],
    evaluation_interval: formatPromDuration(STEP_SECONDS),
    tests: [testGroup(subject, all, subject.threshold, environment)],
  };
  return YAML.stringify(doc, { lineWidth: 0 });
}
