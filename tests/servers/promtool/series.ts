// Synthetic input series that drive one planned alert's expression to a chosen level, written in
// promtool's expanding notation. Each fixture states the series labels the alert keeps, when its
// expression first evaluates (rates need two samples), and the value Prometheus will show.
import type { PlannedAlert } from "../../../components/monitoring/rules";

/** Sample spacing of every fixture, and promtool's evaluation interval. */
export const STEP_SECONDS = 60;

/** One `input_series` entry. */
export interface InputSeries {
  series: string;
  values: string;
}

/** Series that make `alert`'s expression equal `level` (in the alert's unit) from the start. */
export interface Fixture {
  series: InputSeries[];
  /** Labels of the firing series, by name (only those the alert keeps are compared). */
  labels: Record<string, string>;
  /** First evaluation at which the expression has a value: 0 for gauges, one step for rates. */
  onsetSeconds: number;
  /** The value the alert reports (`$value`), in the alert's unit. */
  value: number;
}

function metric(name: string, labels: Record<string, string>): string {
  return `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(",")}}`;
}

function num(x: number): string {
  // promtool reads plain decimals; keep enough digits that the ratio survives the round trip.
  return Number(x.toPrecision(12)).toString();
}

const gauge = (v: number, steps: number) => `${num(v)}+0x${steps}`;
// Counters start at 0 so the rate extrapolation of every series in one ratio is the same and cancels.
const counter = (perStep: number, steps: number) => `0+${num(perStep)}x${steps}`;

/** Builds the fixture for `alert` at `level`, with `steps` samples after the first. */
export function fixtureFor(alert: PlannedAlert, level: number, steps: number): Fixture {
  const l = level / 100;
  switch (alert.kind) {
    case "nodeCpu": {
      const instance = "10.0.1.23:9100";
      return {
        series: [
          {
            series: metric("node_cpu_seconds_total", { instance, cpu: "0", mode: "idle" }),
            values: counter(60 * (1 - l), steps),
          },
          {
            series: metric("node_cpu_seconds_total", { instance, cpu: "0", mode: "user" }),
            values: counter(60 * l, steps),
          },
        ],
        labels: { instance },
        onsetSeconds: STEP_SECONDS,
        value: level,
      };
    }
    case "nodeMemory": {
      const labels = { instance: "10.0.1.23:9100" };
      const total = 8 * 2 ** 30;
      return {
        series: [
          { series: metric("node_memory_MemTotal_bytes", labels), values: gauge(total, steps) },
          {
            series: metric("node_memory_MemAvailable_bytes", labels),
            values: gauge(total * (1 - l), steps),
          },
        ],
        labels,
        onsetSeconds: 0,
        value: level,
      };
    }
    case "nodeDisk": {
      const labels = {
        instance: "10.0.1.23:9100",
        device: "/dev/nvme0n1p1",
        fstype: "xfs",
        mountpoint: "/",
      };
      const size = 100 * 2 ** 30;
      return {
        series: [
          { series: metric("node_filesystem_size_bytes", labels), values: gauge(size, steps) },
          {
            series: metric("node_filesystem_avail_bytes", labels),
            values: gauge(size * (1 - l), steps),
          },
          // A tmpfs that is completely full must not count.
          {
            series: metric("node_filesystem_size_bytes", {
              ...labels,
              fstype: "tmpfs",
              mountpoint: "/run",
            }),
            values: gauge(1e9, steps),
          },
          {
            series: metric("node_filesystem_avail_bytes", {
              ...labels,
              fstype: "tmpfs",
              mountpoint: "/run",
            }),
            values: gauge(0, steps),
          },
        ],
        labels,
        onsetSeconds: 0,
        value: level,
      };
    }
    case "replicationLag": {
      const scrape = { namespace: "data", service: "postgres-exporter-metrics" };
      const labels = { db_instance: "replica-1" };
      return {
        series: [
          {
            series: metric("pg_replication_lag_seconds", { ...scrape, ...labels }),
            values: gauge(level / 1000, steps),
          },
          // The primary reports 0; it must not hide or add to a replica's lag.
          {
            series: metric("pg_replication_lag_seconds", { ...scrape, db_instance: "primary" }),
            values: gauge(0, steps),
          },
        ],
        labels,
        onsetSeconds: 0,
        value: level,
      };
    }
    case "slowQueries": {
      const labels = { db_instance: "primary" };
      const activity = (over: Record<string, string>) =>
        metric("pg_stat_activity_max_tx_duration", {
          namespace: "data",
          ...labels,
          datname: "app",
          state: "active",
          usename: "app_runtime",
          application_name: "api",
          backend_type: "client backend",
          wait_event_type: "",
          wait_event: "",
          ...over,
        });
      return {
        series: [
          { series: activity({}), values: gauge(level, steps) },
          // Not the application's statements: each runs for an hour and must not count.
          { series: activity({ state: "idle in transaction" }), values: gauge(3600, steps) },
          {
            series: activity({ backend_type: "autovacuum worker", usename: "" }),
            values: gauge(3600, steps),
          },
          { series: activity({ usename: "rdsadmin" }), values: gauge(3600, steps) },
        ],
        labels,
        onsetSeconds: 0,
        value: level,
      };
    }
    case "poolUse": {
      // pool_size 25; the level's share of it split between serving and queued clients, computed
      // as level x size / 100 so that the bound itself is exact in binary.
      const size = 25;
      const busy = (level * size) / 100;
      const target = { namespace: "data", pod: "pgbouncer-0" };
      const pool = { ...target, database: "app", user: "app_runtime" };
      const databases = (name: string) =>
        metric("pgbouncer_databases_pool_size", {
          ...target,
          name,
          database: name === "pgbouncer" ? "pgbouncer" : "app",
          host: "primary.internal",
          port: "5432",
          force_user: "",
          pool_mode: "transaction",
        });
      return {
        series: [
          { series: databases("app"), values: gauge(size, steps) },
          {
            series: metric("pgbouncer_pools_server_active_connections", pool),
            values: gauge(busy * 0.75, steps),
          },
          {
            series: metric("pgbouncer_pools_client_waiting_connections", pool),
            values: gauge(busy * 0.25, steps),
          },
          // The admin console's pool: 2 "servers" of 2 in use, which is no database pool at all.
          { series: databases("pgbouncer"), values: gauge(2, steps) },
          {
            series: metric("pgbouncer_pools_server_active_connections", {
              ...target,
              database: "pgbouncer",
              user: "pgbouncer",
            }),
            values: gauge(2, steps),
          },
          {
            series: metric("pgbouncer_pools_client_waiting_connections", {
              ...target,
              database: "pgbouncer",
              user: "pgbouncer",
            }),
            values: gauge(3, steps),
          },
        ],
        labels: pool,
        onsetSeconds: 0,
        value: level,
      };
    }
    case "dbConnections": {
      const target = { namespace: "data", pod: "pgbouncer-0" };
      const clients = 10_000 * l;
      return {
        series: [
          {
            series: metric("pgbouncer_pools_client_active_connections", {
              ...target,
              database: "app",
              user: "app",
            }),
            values: gauge(clients * 0.9, steps),
          },
          {
            series: metric("pgbouncer_pools_client_waiting_connections", {
              ...target,
              database: "app",
              user: "app",
            }),
            values: gauge(clients * 0.1, steps),
          },
          {
            series: metric("pgbouncer_config_max_client_connections", target),
            values: gauge(10_000, steps),
          },
        ],
        labels: target,
        onsetSeconds: 0,
        value: level,
      };
    }
    case "hpaAtMax": {
      const labels = { namespace: "apps", horizontalpodautoscaler: "api" };
      const max = 10;
      const current = level >= 100 ? max : max - 1;
      return {
        series: [
          {
            series: metric("kube_horizontalpodautoscaler_status_current_replicas", labels),
            values: gauge(current, steps),
          },
          {
            series: metric("kube_horizontalpodautoscaler_spec_max_replicas", labels),
            values: gauge(max, steps),
          },
          {
            series: metric("kube_horizontalpodautoscaler_spec_min_replicas", labels),
            values: gauge(2, steps),
          },
          // A fixed-size HPA (min = max) sits at its maximum by design and must stay silent.
          {
            series: metric("kube_horizontalpodautoscaler_status_current_replicas", {
              namespace: "apps",
              horizontalpodautoscaler: "fixed",
            }),
            values: gauge(3, steps),
          },
          {
            series: metric("kube_horizontalpodautoscaler_spec_max_replicas", {
              namespace: "apps",
              horizontalpodautoscaler: "fixed",
            }),
            values: gauge(3, steps),
          },
          {
            series: metric("kube_horizontalpodautoscaler_spec_min_replicas", {
              namespace: "apps",
              horizontalpodautoscaler: "fixed",
            }),
            values: gauge(3, steps),
          },
        ],
        labels,
        onsetSeconds: 0,
        value: current,
      };
    }
    case "queueDepth": {
      const so = /scaledObject="([^"]+)"/.exec(alert.expr)?.[1] ?? "";
      const keda = {
        namespace: "keda",
        scaledObject: so,
        scaler: "rabbitMQScaler",
        triggerIndex: "0",
        type: "scaledobject",
      };
      return {
        series: [
          {
            series: metric("keda_scaler_metrics_value", {
              ...keda,
              metric: `s0-rabbitmq-${alert.targetLabels.queue}`,
            }),
            values: gauge(level, steps),
          },
          // Another trigger of the same ScaledObject with a huge value must not be read as the queue.
          {
            series: metric("keda_scaler_metrics_value", {
              ...keda,
              metric: "s1-cpu",
              scaler: "cpuMemoryScaler",
              triggerIndex: "1",
            }),
            values: gauge(1e6, steps),
          },
        ],
        labels: {},
        onsetSeconds: 0,
        value: level,
      };
    }
    case "httpErrorRate": {
      const target = {
        namespace: alert.targetLabels.namespace,
        service: alert.targetLabels.service,
      };
      const perStep = 6000;
      const noisy = { namespace: target.namespace, service: "noisy-neighbour" };
      return {
        series: [
          {
            series: metric("http_requests_total", { ...target, code: "500" }),
            values: counter(perStep * l, steps),
          },
          {
            series: metric("http_requests_total", { ...target, code: "200" }),
            values: counter(perStep * (1 - l), steps),
          },
          // Another service failing half its requests must not count against this one.
          {
            series: metric("http_requests_total", { ...noisy, code: "500" }),
            values: counter(3000, steps),
          },
          {
            series: metric("http_requests_total", { ...noisy, code: "200" }),
            values: counter(3000, steps),
          },
        ],
        labels: {},
        onsetSeconds: STEP_SECONDS,
        value: level,
      };
    }
    case "httpLatencyP95": {
      // Buckets at half and twice the objective; histogram_quantile interpolates linearly inside
      // the second bucket, so the share f in the first bucket sets the P95 exactly.
      const target = {
        namespace: alert.targetLabels.namespace,
        service: alert.targetLabels.service,
      };
      const objective = alert.threshold / 1000;
      const [a, b, v] = [objective / 2, objective * 2, level / 1000];
      const p = (v - a) / (b - a);
      const f = (0.95 - p) / (1 - p);
      const perStep = 600;
      const bucket = (le: string, labels = target) =>
        metric("http_request_duration_seconds_bucket", { ...labels, le });
      const noisy = { namespace: target.namespace, service: "noisy-neighbour" };
      return {
        series: [
          { series: bucket(num(a)), values: counter(perStep * f, steps) },
          { series: bucket(num(b)), values: counter(perStep, steps) },
          { series: bucket("+Inf"), values: counter(perStep, steps) },
          { series: bucket("+Inf", noisy), values: counter(perStep, steps) },
        ],
        labels: {},
        onsetSeconds: STEP_SECONDS,
        value: level,
      };
    }
  }
}
