import { expect } from "chai";
import fc from "fast-check";
import YAML from "yaml";
import {
  type AlertRulesInput,
  buildAlertRules,
  buildYaceConfig,
  formatPromDuration,
  inspectPromQL,
  isKnownMetric,
  parsePromDuration,
  renderRulesFile,
  runbookSlug,
} from "../../../components/monitoring/rules";
import { MonitoringInputError } from "../../../components/monitoring";
import { devInput, prodInput } from "./inputs";

const rulesOf = (input: AlertRulesInput) =>
  buildAlertRules(input).spec.groups.flatMap((g) => g.rules);
const withAlerting = (alerting: Partial<AlertRulesInput["alerting"]>): AlertRulesInput => ({
  ...prodInput,
  alerting: { ...prodInput.alerting, ...alerting },
});

function inputErrorOf(fn: () => unknown): MonitoringInputError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(MonitoringInputError);
    return err as MonitoringInputError;
  }
  throw new Error("expected a MonitoringInputError");
}

describe("alert rules", function () {
  describe("what is generated", function () {
    it("plans ten cluster-wide alerts plus two per service and one per worker, and renders custom rules after them", function () {
      const { planned, spec } = buildAlertRules(prodInput);
      expect(planned).to.have.length(10 + 2 * prodInput.services.length + prodInput.workers.length);
      expect(spec.groups.map((g) => g.name)).to.deep.equal([
        "platform.nodes",
        "platform.autoscaling",
        "platform.data-tier",
        "platform.services",
        "platform.custom",
      ]);
      expect(spec.groups.at(-1)!.rules.map((r) => r.alert)).to.deep.equal(["PgbouncerDown"]);
    });

    it("every rule carries severity and environment labels and summary, description and runbook_url annotations", function () {
      for (const rule of rulesOf(prodInput)) {
        expect(rule.labels.environment, rule.alert).to.equal("prod");
        expect(["critical", "warning", "info"], rule.alert).to.include(rule.labels.severity);
        expect(rule.annotations.summary.length, rule.alert).to.be.greaterThan(0);
        expect(rule.annotations.description.length, rule.alert).to.be.greaterThan(0);
        expect(rule.annotations.runbook_url, rule.alert).to.equal(
          `https://runbooks.example.org/platform/${runbookSlug(rule.alert)}`,
        );
      }
    });

    it("the seed thresholds apply when the environment overrides nothing", function () {
      const byAlert = (name: string, severity: string) =>
        rulesOf(prodInput).find((r) => r.alert === name && r.labels.severity === severity)!;
      expect(byAlert("NodeCpuHigh", "warning").expr).to.match(/ > 85$/);
      expect(byAlert("NodeCpuHigh", "critical").expr).to.match(/ > 95$/);
      expect(byAlert("NodeCpuHigh", "critical").for).to.equal("5m");
      expect(byAlert("NodeMemoryHigh", "warning").expr).to.match(/ > 90$/);
      expect(byAlert("NodeDiskUsageHigh", "warning").expr).to.match(/ > 85$/);
      expect(byAlert("PostgresReplicaLagHigh", "warning").expr).to.match(/ > 100$/);
      expect(byAlert("PostgresReplicaLagHigh", "critical").expr).to.match(/ > 500$/);
      expect(byAlert("PostgresSlowQueries", "warning").expr).to.match(/ > 2$/);
      expect(byAlert("PgbouncerPoolUseHigh", "warning").expr).to.match(/ > 70$/);
      expect(byAlert("HttpErrorRateHigh", "critical").expr).to.match(/ > 1$/);
      expect(byAlert("HpaAtMaxReplicas", "warning").for).to.equal("10m");
      expect(byAlert("PgbouncerConnectionsNearLimit", "warning").expr).to.match(/ > 90$/);
    });

    it("thresholds and for periods from the environment flow into the expressions and wording", function () {
      const rules = rulesOf(devInput);
      const cpuCritical = rules.find(
        (r) => r.alert === "NodeCpuHigh" && r.labels.severity === "critical",
      )!;
      expect(cpuCritical.expr).to.match(/ > 90$/);
      expect(cpuCritical.for).to.equal("2m");
      expect(cpuCritical.annotations.description).to.include("more than 90% CPU for 2m");
      expect(rules.find((r) => r.alert === "HttpErrorRateHigh")!.expr).to.match(/ > 5$/);
      expect(rules.find((r) => r.alert === "PostgresReplicaLagHigh")!.expr).to.match(/ > 1000$/);
      expect(rules.find((r) => r.alert === "HpaAtMaxReplicas")!.for).to.equal("5m");
    });

    it("each service gets its own latency objective and each worker its own queue capacity", function () {
      const rules = rulesOf(prodInput);
      const latency = rules.filter((r) => r.alert === "HttpLatencyP95AboveObjective");
      expect(latency.map((r) => [r.labels.service, r.expr.split(" > ")[1]])).to.deep.equal([
        ["api", "200"],
        ["agent-api", "500"],
        ["portal", "250"],
      ]);
      const queue = rules.filter((r) => r.alert === "QueueDepthAboveWorkerCapacity");
      expect(
        queue.map((r) => [r.labels.worker, r.labels.queue, r.expr.split(" > ")[1]]),
      ).to.deep.equal([
        ["agents", "agent-tasks", "5000"],
        ["indexer", "documents.index", "250"],
      ]);
      expect(queue[1].expr).to.include('scaledObject="indexer-queue"');
    });

    it("warning and critical CPU alerts share one alert name so Alertmanager can inhibit the warning", function () {
      const cpu = rulesOf(prodInput).filter((r) => r.expr.includes("node_cpu_seconds_total"));
      expect(cpu.map((r) => r.alert)).to.deep.equal(["NodeCpuHigh", "NodeCpuHigh"]);
      expect(cpu.map((r) => r.labels.severity)).to.deep.equal(["warning", "critical"]);
    });

    it("every generated expression is valid PromQL reading only metrics the exporters publish", function () {
      for (const rule of rulesOf(prodInput)) {
        const found = inspectPromQL(rule.expr);
        expect(found.syntaxError, rule.alert).to.equal(undefined);
        for (const m of found.metrics)
          expect(isKnownMetric(m), `${rule.alert} reads ${m}`).to.equal(true);
      }
    });

    it("the rules file is YAML holding exactly the PrometheusRule spec", function () {
      const { spec } = buildAlertRules(prodInput);
      expect(YAML.parse(renderRulesFile(spec))).to.deep.equal(spec);
    });

    it("custom rules keep their own labels and get severity, environment and a runbook link", function () {
      const custom = rulesOf(prodInput).find((r) => r.alert === "PgbouncerDown")!;
      expect(custom.labels).to.deep.equal({
        team: "data",
        severity: "critical",
        environment: "prod",
      });
      expect(custom.for).to.equal("1m");
      expect(custom.annotations.runbook_url).to.equal(
        "https://runbooks.example.org/platform/pgbouncer-down",
      );
    });

    it("any valid thresholds give parseable rules whose comparisons use exactly those thresholds", function () {
      const pct = fc.integer({ min: 1, max: 98 });
      fc.assert(
        fc.property(
          pct,
          pct,
          pct,
          fc.integer({ min: 1, max: 599_999 }),
          fc.integer({ min: 0, max: 1440 }),
          (warn, disk, err, lagMs, forMinutes) => {
            const forText = formatPromDuration(forMinutes * 60);
            const { spec } = buildAlertRules(
              withAlerting({
                thresholds: {
                  nodeCpu: { warningPercent: warn, criticalPercent: warn + 1, for: forText },
                  nodeDisk: { warningPercent: disk },
                  httpErrorRate: { criticalPercent: err },
                  replicationLag: { warningMs: lagMs, criticalMs: lagMs + 1 },
                },
              }),
            );
            const rules = spec.groups.flatMap((g) => g.rules);
            const find = (alert: string, sev = "warning") =>
              rules.find((r) => r.alert === alert && r.labels.severity === sev)!;
            expect(find("NodeCpuHigh").expr.endsWith(` > ${warn}`)).to.equal(true);
            expect(find("NodeCpuHigh", "critical").expr.endsWith(` > ${warn + 1}`)).to.equal(true);
            expect(parsePromDuration(find("NodeCpuHigh").for)).to.equal(forMinutes * 60);
            expect(find("NodeDiskUsageHigh").expr.endsWith(` > ${disk}`)).to.equal(true);
            expect(find("HttpErrorRateHigh", "critical").expr.endsWith(` > ${err}`)).to.equal(true);
            expect(find("PostgresReplicaLagHigh").expr.endsWith(` > ${lagMs}`)).to.equal(true);
            expect(
              find("PostgresReplicaLagHigh", "critical").expr.endsWith(` > ${lagMs + 1}`),
            ).to.equal(true);
            for (const r of rules) expect(inspectPromQL(r.expr).syntaxError).to.equal(undefined);
          },
        ),
        { numRuns: 50 },
      );
    });
  });

  describe("bad input", function () {
    it("rejects a custom rule that reads an unknown metric, naming the rule and the metric", function () {
      const err = inputErrorOf(() =>
        buildAlertRules(
          withAlerting({
            customRules: [
              {
                alert: "Typo",
                expr: "rate(http_request_total[5m]) > 1",
                severity: "warning",
                summary: "s",
                description: "d",
              },
            ],
          }),
        ),
      );
      expect(err.message).to.include("platform:monitoring.alerting.customRules[0].expr");
      expect(err.message).to.include("unknown metric http_request_total");
      expect(err.message).to.include("extraMetricNames");
    });

    it("accepts that metric once the environment declares it in extraMetricNames", function () {
      const rules = rulesOf(
        withAlerting({
          extraMetricNames: ["http_request_total"],
          customRules: [
            {
              alert: "Typo",
              expr: "rate(http_request_total[5m]) > 1",
              severity: "warning",
              summary: "s",
              description: "d",
            },
          ],
        }),
      );
      expect(rules.map((r) => r.alert)).to.include("Typo");
    });

    it("rejects a custom rule that is not PromQL, saying where it breaks", function () {
      const err = inputErrorOf(() =>
        buildAlertRules(
          withAlerting({
            customRules: [
              {
                alert: "Broken",
                expr: "sum(up{job=}) >",
                severity: "info",
                summary: "s",
                description: "d",
              },
            ],
          }),
        ),
      );
      expect(err.message).to.match(
        /customRules\[0\]\.expr = "sum\(up\{job=\}\) >": is not valid PromQL at character \d+/,
      );
    });

    it("rejects percentages outside 0-100, naming the field", function () {
      const err = inputErrorOf(() =>
        buildAlertRules(
          withAlerting({
            thresholds: {
              nodeMemory: { warningPercent: 120 },
              dbConnections: { warningPercent: 0 },
            },
          }),
        ),
      );
      expect(err.message).to.include(
        "thresholds.nodeMemory.warningPercent = 120: must be a percentage less than 100",
      );
      expect(err.message).to.include(
        "thresholds.dbConnections.warningPercent = 0: must be a percentage greater than 0",
      );
    });

    it("rejects malformed and overlong for durations, naming the field", function () {
      const err = inputErrorOf(() =>
        buildAlertRules(
          withAlerting({
            thresholds: { hpaAtMax: { for: "10 minutes" }, nodeDisk: { for: "2d" } },
          }),
        ),
      );
      expect(err.message).to.include(
        'thresholds.hpaAtMax.for = "10 minutes": is not a Prometheus duration',
      );
      expect(err.message).to.include('thresholds.nodeDisk.for = "2d": is longer than 24h');
    });

    it("rejects a CPU warning threshold at or above the critical one", function () {
      const err = inputErrorOf(() =>
        buildAlertRules(
          withAlerting({ thresholds: { nodeCpu: { warningPercent: 95, criticalPercent: 90 } } }),
        ),
      );
      expect(err.message).to.include(
        "thresholds.nodeCpu.warningPercent = 95: must be below criticalPercent (90)",
      );
    });

    it("rejects unknown threshold names instead of ignoring them", function () {
      const err = inputErrorOf(() =>
        buildAlertRules(withAlerting({ thresholds: { nodeCPU: {} } as never })),
      );
      expect(err.message).to.include("nodeCPU");
    });

    it("requires a runbook base URL", function () {
      const err = inputErrorOf(() => buildAlertRules({ ...prodInput, alerting: {} as never }));
      expect(err.message).to.include("runbookBaseUrl: is required");
    });

    it("rejects bad targets with their index and field", function () {
      const err = inputErrorOf(() =>
        buildAlertRules({
          ...prodInput,
          services: [{ name: "API", namespace: "apps", latencyObjectiveMs: 0 }],
          workers: [
            { name: "a", namespace: "x", queue: "q", messagesPerPod: 0, maxReplicas: 10 },
            {
              name: "b",
              namespace: "y",
              queue: "q",
              messagesPerPod: 1,
              maxReplicas: 1,
              scaledObject: "a",
            },
          ],
        }),
      );
      expect(err.message).to.include('services[0].name = "API"');
      expect(err.message).to.include("services[0].latencyObjectiveMs = 0");
      expect(err.message).to.include("workers[0].messagesPerPod = 0");
      expect(err.message).to.include(
        'workers[1].scaledObject = "a": is also the ScaledObject of workers[0]',
      );
    });
  });

  describe("helpers", function () {
    it("Prometheus durations parse and print back", function () {
      expect(parsePromDuration("1h30m")).to.equal(5400);
      expect(parsePromDuration("0s")).to.equal(0);
      expect(parsePromDuration("5 m")).to.equal(undefined);
      expect(parsePromDuration("")).to.equal(undefined);
      expect(formatPromDuration(5400)).to.equal("1h30m");
      expect(formatPromDuration(0)).to.equal("0s");
    });

    it("metric names are found in selectors, including {__name__=...}", function () {
      expect(
        inspectPromQL('sum(rate(a_total{x="1"}[5m])) / on(x) b + {__name__="c"}').metrics,
      ).to.deep.equal(["a_total", "b", "c"]);
    });

    it("the YACE config asks CloudWatch for exactly the series the rules and dashboards read", function () {
      const cfg = buildYaceConfig({
        region: "eu-west-1",
        tag: { key: "platform:environment", value: "prod" },
      }) as {
        discovery: {
          jobs: {
            type: string;
            searchTags: { value: string }[];
            metrics: { name: string; statistics: string[] }[];
          }[];
        };
      };
      const series = cfg.discovery.jobs.flatMap((j) =>
        j.metrics.map(
          (m) =>
            `aws_${j.type.split("/")[1].toLowerCase()}_${m.name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase()}_${m.statistics[0].toLowerCase()}`,
        ),
      );
      expect(series).to.include.members([
        "aws_rds_replica_lag_average",
        "aws_elasticache_cache_hits_sum",
        "aws_elasticache_cache_misses_sum",
      ]);
      expect(cfg.discovery.jobs[0].searchTags[0].value).to.equal("^prod$");
    });
  });
});
