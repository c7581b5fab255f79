// The database alerts (replication lag pair, slow statements, PgBouncer pool use) under the real
// rule engine: at exactly each threshold (the generated above/below cases live in rules.test.ts),
// and hand-written scenarios whose series and expected firing alerts are spelled out literally,
// so a fixture generator that agreed with a wrong rule could not hide it.
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import YAML from "yaml";
import {
  type AlertRulesInput,
  buildAlertRules,
  type PlannedAlert,
  renderRulesFile,
} from "../../../components/monitoring/rules";
import { prodInput } from "../../components/monitoring/inputs";
import { findPromtool, runPromtool } from "./promtool";
import { promtoolBoundFile } from "./unit-tests";

const DATABASE_KINDS = new Set(["replicationLag", "slowQueries", "poolUse"]);

/** Seed thresholds, and others, so the bound follows the configuration rather than a constant. */
const inputs: AlertRulesInput[] = [
  prodInput,
  {
    ...prodInput,
    environment: "staging",
    alerting: {
      ...prodInput.alerting,
      thresholds: {
        replicationLag: { warningMs: 250, criticalMs: 2000, for: "2m" },
        slowQueries: { warningSeconds: 5, for: "1m" },
        poolUse: { warningPercent: 80, for: "10m" },
      },
    },
  },
];

describe("database alerts under promtool", function () {
  let bin = "";
  let dir = "";
  before(function () {
    bin = findPromtool();
    dir = mkdtempSync(join(tmpdir(), "promtool-db-"));
  });
  after(function () {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const run = (name: string, doc: string) => {
    const file = join(dir, name);
    writeFileSync(file, doc);
    const r = runPromtool(bin, ["test", "rules", file]);
    expect(
      r.ok,
      `promtool test rules ${file} failed:\n${r.output}\n--- test file:\n${doc}`,
    ).to.equal(true);
  };

  for (const input of inputs) {
    describe(`${input.environment} thresholds`, function () {
      const rules = buildAlertRules(input);
      const rulesFile = `${input.environment}.rules.yaml`;
      const planned = rules.planned.filter((a) => DATABASE_KINDS.has(a.kind));
      before(function () {
        writeFileSync(join(dir, rulesFile), renderRulesFile(rules.spec));
      });

      it("plans the lag pair, the slow-statement and the pool-use alerts", function () {
        expect(planned.map((a) => `${a.alert}/${a.severity}`)).to.deep.equal([
          "PostgresReplicaLagHigh/warning",
          "PostgresReplicaLagHigh/critical",
          "PostgresSlowQueries/warning",
          "PgbouncerPoolUseHigh/warning",
        ]);
      });

      planned.forEach((alert) => {
        it(`${alert.alert} (${alert.severity}) stays silent at exactly ${alert.threshold} ${alert.unit}`, function () {
          run(
            `${input.environment}-${alert.alert}-${alert.severity}-bound.test.yaml`,
            promtoolBoundFile(alert, rules.planned, rulesFile, input.environment),
          );
        });
      });
    });
  }

  describe("hand-written scenarios on the seed thresholds", function () {
    const rules = buildAlertRules(prodInput);
    const rulesFile = "seed.rules.yaml";
    const find = (alert: string, severity: string): PlannedAlert =>
      rules.planned.find((a) => a.alert === alert && a.severity === severity)!;
    before(function () {
      writeFileSync(join(dir, rulesFile), renderRulesFile(rules.spec));
    });

    /** What promtool should see firing: the alert's labels and its own wording at `value`. */
    const expected = (
      a: PlannedAlert,
      labels: Record<string, string>,
      value: string,
    ): { exp_labels: Record<string, string>; exp_annotations: Record<string, string> } => {
      const t = { label: (n: string) => labels[n], value };
      return {
        exp_labels: { severity: a.severity, environment: "prod", ...labels },
        exp_annotations: {
          summary: a.summary(t),
          description: a.description(t),
          runbook_url: a.runbookUrl,
        },
      };
    };
    const file = (
      series: { series: string; values: string }[],
      alertname: string,
      at: string,
      alerts: ReturnType<typeof expected>[],
    ) =>
      YAML.stringify(
        {
          rule_files: [rulesFile],
          evaluation_interval: "1m",
          tests: [
            {
              interval: "1m",
              input_series: series,
              alert_rule_test: [{ eval_time: at, alertname, exp_alerts: alerts }],
            },
          ],
        },
        { lineWidth: 0 },
      );

    it("a replica 300 ms behind for 5 minutes raises the warning only; 600 ms raises both", function () {
      const series = [
        {
          series: 'pg_replication_lag_seconds{namespace="data",db_instance="replica-1"}',
          values: "0.3x10",
        },
        {
          series: 'pg_replication_lag_seconds{namespace="data",db_instance="replica-2"}',
          values: "0.6x10",
        },
        {
          series: 'pg_replication_lag_seconds{namespace="data",db_instance="primary"}',
          values: "0x10",
        },
      ];
      const warn = find("PostgresReplicaLagHigh", "warning");
      const crit = find("PostgresReplicaLagHigh", "critical");
      run(
        "lag-300-600.test.yaml",
        file(series, "PostgresReplicaLagHigh", "5m", [
          expected(warn, { db_instance: "replica-1" }, "300"),
          expected(warn, { db_instance: "replica-2" }, "600"),
          expected(crit, { db_instance: "replica-2" }, "600"),
        ]),
      );
      // Four minutes in, the `for` period has not passed: nothing yet.
      run("lag-early.test.yaml", file(series, "PostgresReplicaLagHigh", "4m", []));
    });

    it("a client statement running 3 s for 5 minutes warns; autovacuum and idle transactions do not", function () {
      const base =
        'datname="app",usename="app_runtime",application_name="api",wait_event_type="",wait_event=""';
      const series = [
        {
          series: `pg_stat_activity_max_tx_duration{db_instance="primary",${base},state="active",backend_type="client backend"}`,
          values: "3x10",
        },
        {
          series: `pg_stat_activity_max_tx_duration{db_instance="replica-1",${base},state="active",backend_type="autovacuum worker"}`,
          values: "900x10",
        },
        {
          series: `pg_stat_activity_max_tx_duration{db_instance="replica-1",${base},state="idle in transaction",backend_type="client backend"}`,
          values: "900x10",
        },
        {
          series: `pg_stat_activity_max_tx_duration{db_instance="replica-1",${base},state="active",backend_type="client backend"}`,
          values: "1.5x10",
        },
      ];
      run(
        "slow-3s.test.yaml",
        file(series, "PostgresSlowQueries", "5m", [
          expected(find("PostgresSlowQueries", "warning"), { db_instance: "primary" }, "3.0"),
        ]),
      );
    });

    it("18 of 25 server connections busy and 1 client waiting is 76 % pool use and warns; 17 of 25 does not", function () {
      const db = (pod: string) =>
        `pgbouncer_databases_pool_size{namespace="data",pod="${pod}",name="app",database="app",host="db",port="5432",force_user="",pool_mode="transaction"}`;
      const pool = (metric: string, pod: string) =>
        `${metric}{namespace="data",pod="${pod}",database="app",user="app_runtime"}`;
      const series = [
        { series: db("pgbouncer-0"), values: "25x10" },
        {
          series: pool("pgbouncer_pools_server_active_connections", "pgbouncer-0"),
          values: "18x10",
        },
        {
          series: pool("pgbouncer_pools_client_waiting_connections", "pgbouncer-0"),
          values: "1x10",
        },
        { series: db("pgbouncer-1"), values: "25x10" },
        {
          series: pool("pgbouncer_pools_server_active_connections", "pgbouncer-1"),
          values: "17x10",
        },
        {
          series: pool("pgbouncer_pools_client_waiting_connections", "pgbouncer-1"),
          values: "0x10",
        },
      ];
      run(
        "pool-76.test.yaml",
        file(series, "PgbouncerPoolUseHigh", "5m", [
          expected(
            find("PgbouncerPoolUseHigh", "warning"),
            { namespace: "data", pod: "pgbouncer-0", database: "app", user: "app_runtime" },
            "76.0",
          ),
        ]),
      );
    });
  });
});
