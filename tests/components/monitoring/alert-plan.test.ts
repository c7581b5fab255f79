// The planned alerts as data (what the promtool tests and the dashboards are generated from) and
// the exact wording Prometheus receives, for the dev-like input of ./inputs.ts. Every expected
// value is written out by hand from the thresholds in that input and the seed defaults.
import { expect } from "chai";
import {
  buildAlertRules,
  renderRulesFile,
  runbookSlug,
  runbookUrl,
} from "../../../components/monitoring/rules";
import { devInput } from "./inputs";

const built = () => buildAlertRules(devInput);
const ruleOf = (alert: string, severity = "warning") =>
  built()
    .spec.groups.flatMap((g) => g.rules)
    .find((r) => r.alert === alert && r.labels.severity === severity)!;

/** `$value` as the rule file prints it with `d` decimals. */
const v = (d: number) => `{{ printf "%.${d}f" $value }}`;

describe("planned alerts (components/monitoring/rules/alerts.ts)", () => {
  it("each alert's kind, group, severity, threshold, comparison, unit and for period, in order", () => {
    const { planned } = built();
    expect(
      planned.map((a) => [
        a.kind,
        a.group,
        a.alert,
        a.severity,
        a.threshold,
        a.comparison,
        a.unit,
        a.for,
        a.forSeconds,
      ]),
    ).to.deep.equal([
      ["nodeCpu", "platform.nodes", "NodeCpuHigh", "warning", 80, ">", "%", "2m", 120],
      ["nodeCpu", "platform.nodes", "NodeCpuHigh", "critical", 90, ">", "%", "2m", 120],
      ["nodeMemory", "platform.nodes", "NodeMemoryHigh", "warning", 92, ">", "%", "5m", 300],
      ["nodeDisk", "platform.nodes", "NodeDiskUsageHigh", "warning", 80, ">", "%", "10m", 600],
      [
        "hpaAtMax",
        "platform.autoscaling",
        "HpaAtMaxReplicas",
        "warning",
        100,
        ">=",
        "% of max replicas",
        "5m",
        300,
      ],
      // 10 messages per pod x 20 workers.
      [
        "queueDepth",
        "platform.autoscaling",
        "QueueDepthAboveWorkerCapacity",
        "warning",
        200,
        ">",
        "messages",
        "2m",
        120,
      ],
      [
        "replicationLag",
        "platform.data-tier",
        "PostgresReplicaLagHigh",
        "warning",
        1000,
        ">",
        "ms",
        "5m",
        300,
      ],
      [
        "replicationLag",
        "platform.data-tier",
        "PostgresReplicaLagHigh",
        "critical",
        2000,
        ">",
        "ms",
        "5m",
        300,
      ],
      [
        "slowQueries",
        "platform.data-tier",
        "PostgresSlowQueries",
        "warning",
        2,
        ">",
        "s",
        "5m",
        300,
      ],
      [
        "dbConnections",
        "platform.data-tier",
        "PgbouncerConnectionsNearLimit",
        "warning",
        85,
        ">",
        "%",
        "5m",
        300,
      ],
      ["poolUse", "platform.data-tier", "PgbouncerPoolUseHigh", "warning", 70, ">", "%", "5m", 300],
      [
        "httpErrorRate",
        "platform.services",
        "HttpErrorRateHigh",
        "critical",
        5,
        ">",
        "%",
        "3m",
        180,
      ],
      [
        "httpLatencyP95",
        "platform.services",
        "HttpLatencyP95AboveObjective",
        "warning",
        300,
        ">",
        "ms",
        "2m",
        120,
      ],
    ]);
  });

  it("each alert keeps the series labels its expression groups by, and names its target in rule labels", () => {
    const { planned } = built();
    expect(
      planned.map((a) => [a.alert, a.seriesLabels, a.targetLabels, a.valueDecimals]),
    ).to.deep.equal([
      ["NodeCpuHigh", ["instance"], {}, 1],
      ["NodeCpuHigh", ["instance"], {}, 1],
      ["NodeMemoryHigh", ["instance"], {}, 1],
      ["NodeDiskUsageHigh", ["instance", "mountpoint"], {}, 1],
      ["HpaAtMaxReplicas", ["namespace", "horizontalpodautoscaler"], {}, 0],
      [
        "QueueDepthAboveWorkerCapacity",
        [],
        { namespace: "agents", worker: "agents", queue: "agent-tasks" },
        0,
      ],
      ["PostgresReplicaLagHigh", ["db_instance"], {}, 0],
      ["PostgresReplicaLagHigh", ["db_instance"], {}, 0],
      ["PostgresSlowQueries", ["db_instance"], {}, 1],
      ["PgbouncerConnectionsNearLimit", ["namespace", "pod"], {}, 1],
      ["PgbouncerPoolUseHigh", ["namespace", "pod", "database", "user"], {}, 1],
      ["HttpErrorRateHigh", [], { namespace: "apps", service: "api" }, 2],
      ["HttpLatencyP95AboveObjective", [], { namespace: "apps", service: "api" }, 0],
    ]);
  });

  it("expressions that select by target name the exact series and queue metric", () => {
    const exprs = Object.fromEntries(built().planned.map((a) => [a.kind, a.expr]));
    expect(exprs.queueDepth).to.equal(
      'max(keda_scaler_metrics_value{scaledObject="agents",metric=~"s[0-9]+-rabbitmq-.*"}) > 200',
    );
    expect(exprs.httpErrorRate).to.equal(
      '100 * sum(rate(http_requests_total{namespace="apps",service="api",code=~"5.."}[5m]))' +
        ' / sum(rate(http_requests_total{namespace="apps",service="api"}[5m])) > 5',
    );
    expect(exprs.httpLatencyP95).to.equal(
      '1000 * histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="apps",service="api"}[5m]))) > 300',
    );
    expect(exprs.dbConnections).to.equal(
      "100 * (sum by (namespace, pod) (pgbouncer_pools_client_active_connections)" +
        " + on (namespace, pod) sum by (namespace, pod) (pgbouncer_pools_client_waiting_connections))" +
        " / on (namespace, pod) max by (namespace, pod) (pgbouncer_config_max_client_connections) > 85",
    );
    expect(exprs.poolUse).to.equal(
      '100 * (sum by (namespace, pod, database, user) (pgbouncer_pools_server_active_connections{database!="pgbouncer"})' +
        ' + on (namespace, pod, database, user) sum by (namespace, pod, database, user) (pgbouncer_pools_client_waiting_connections{database!="pgbouncer"}))' +
        " / on (namespace, pod, database) group_left max by (namespace, pod, database)" +
        ' (label_replace(pgbouncer_databases_pool_size{name!="pgbouncer"}, "database", "$1", "name", "(.+)")) > 70',
    );
  });
});

describe("alert wording as Prometheus receives it (dev)", () => {
  const wording = (alert: string, severity = "warning") => {
    const r = ruleOf(alert, severity);
    return [r.annotations.summary, r.annotations.description];
  };

  it("node alerts name the instance (and mountpoint) and show the value with one decimal", () => {
    expect(wording("NodeCpuHigh")).to.deep.equal([
      `CPU on {{ $labels.instance }} at ${v(1)}%`,
      `Node {{ $labels.instance }} in dev has used more than 80% CPU for 2m (now ${v(1)}%).`,
    ]);
    expect(wording("NodeCpuHigh", "critical")[1]).to.equal(
      `Node {{ $labels.instance }} in dev has used more than 90% CPU for 2m (now ${v(1)}%).`,
    );
    expect(wording("NodeMemoryHigh")).to.deep.equal([
      `Memory on {{ $labels.instance }} at ${v(1)}%`,
      `Node {{ $labels.instance }} in dev has had more than 92% of its memory in use for 5m (now ${v(1)}%); pods may be OOM-killed or evicted.`,
    ]);
    expect(wording("NodeDiskUsageHigh")).to.deep.equal([
      `Disk {{ $labels.mountpoint }} on {{ $labels.instance }} at ${v(1)}%`,
      `Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} in dev has been more than 80% full for 10m (now ${v(1)}%).`,
    ]);
  });

  it("autoscaling alerts name the HPA, and the queue alert writes the labels its rule sets literally", () => {
    expect(wording("HpaAtMaxReplicas")).to.deep.equal([
      `HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} at its maximum of ${v(0)} replicas`,
      `HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} in dev has been at its maximum (${v(0)} replicas) ` +
        "for 5m; more load will not be absorbed. Raise the maximum or check node capacity.",
    ]);
    // `$labels` holds only the expression's labels (none here): queue, namespace and worker are the rule's.
    expect(wording("QueueDepthAboveWorkerCapacity")).to.deep.equal([
      `Queue agent-tasks holds ${v(0)} messages, more than agents can take`,
      `Queue agent-tasks in dev has held more than 200 messages (10 per pod x 20 max workers) for 2m (now ${v(0)}); ` +
        "agents/agents cannot catch up even at full scale.",
    ]);
  });

  it("data-tier alerts name the database instance or the PgBouncer pod and pool", () => {
    expect(wording("PostgresReplicaLagHigh")).to.deep.equal([
      `Replica {{ $labels.db_instance }} is ${v(0)} ms behind`,
      `Read replica {{ $labels.db_instance }} in dev has lagged the primary by more than 1000 ms for 5m (now ${v(0)} ms); reads from it are stale.`,
    ]);
    expect(wording("PostgresReplicaLagHigh", "critical")[1]).to.include("more than 2000 ms for 5m");
    expect(wording("PostgresSlowQueries")).to.deep.equal([
      `A statement on {{ $labels.db_instance }} has run for ${v(1)} s`,
      `PostgreSQL {{ $labels.db_instance }} in dev has kept running statements older than 2 s for 5m (oldest now ${v(1)} s); ` +
        "look at pg_stat_activity and the slow-query log.",
    ]);
    expect(wording("PgbouncerConnectionsNearLimit")).to.deep.equal([
      `PgBouncer {{ $labels.pod }} at ${v(1)}% of max_client_conn`,
      `PgBouncer {{ $labels.namespace }}/{{ $labels.pod }} in dev has used more than 85% of max_client_conn for 5m (now ${v(1)}%); ` +
        "new clients will soon be refused.",
    ]);
    expect(wording("PgbouncerPoolUseHigh")).to.deep.equal([
      `PgBouncer pool {{ $labels.database }} on {{ $labels.pod }} at ${v(1)}%`,
      "PgBouncer pool {{ $labels.database }}/{{ $labels.user }} on {{ $labels.namespace }}/{{ $labels.pod }} in dev " +
        `has used more than 70% of its pool_size for 5m (now ${v(1)}%, waiting clients included); ` +
        "raise default_pool_size within the database's max_connections, or add PgBouncer pods.",
    ]);
  });

  it("service alerts name the service literally and show the error rate with two decimals", () => {
    expect(wording("HttpErrorRateHigh", "critical")).to.deep.equal([
      `api answers ${v(2)}% of requests with 5xx`,
      `Service apps/api in dev has answered more than 5% of requests with a 5xx status for 3m (now ${v(2)}%).`,
    ]);
    expect(wording("HttpLatencyP95AboveObjective")).to.deep.equal([
      `api P95 latency ${v(0)} ms, objective 300 ms`,
      `Service apps/api in dev has had a P95 latency above its objective of 300 ms for 2m (now ${v(0)} ms).`,
    ]);
  });
});

describe("runbook links and the rules file", () => {
  it("alert names become kebab-case runbook pages, acronyms and digits included", () => {
    expect(runbookSlug("NodeCpuHigh")).to.equal("node-cpu-high");
    expect(runbookSlug("HTTPServerDown")).to.equal("http-server-down");
    expect(runbookSlug("RabbitMQConsumersMissing")).to.equal("rabbit-mq-consumers-missing");
    expect(runbookSlug("HttpLatencyP95AboveObjective")).to.equal(
      "http-latency-p95-above-objective",
    );
  });

  it("the link has exactly one slash between base and page, however many the base ends with", () => {
    expect(runbookUrl("https://runbooks.example.org/platform", "NodeCpuHigh")).to.equal(
      "https://runbooks.example.org/platform/node-cpu-high",
    );
    expect(runbookUrl("https://runbooks.example.org/platform//", "NodeCpuHigh")).to.equal(
      "https://runbooks.example.org/platform/node-cpu-high",
    );
    // devInput's base ends with one slash.
    expect(ruleOf("NodeCpuHigh").annotations.runbook_url).to.equal(
      "https://runbooks.example.org/platform/node-cpu-high",
    );
  });

  it("the rules file keeps each long expression on one line (promtool reports errors by line)", () => {
    const { spec } = built();
    const lines = renderRulesFile(spec)
      .split("\n")
      .map((l) => l.trim());
    for (const r of spec.groups.flatMap((g) => g.rules))
      expect(lines, r.alert).to.include(`expr: ${r.expr}`);
  });
});
