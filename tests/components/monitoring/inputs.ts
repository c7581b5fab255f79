// Dev-like and prod-like monitoring inputs shared by the unit tests and the promtool tests.
import type { AlertRulesInput } from "../../../components/monitoring/rules";

/** Small environment with every threshold family overridden, so flow-through is visible. */
export const devInput: AlertRulesInput = {
  environment: "dev",
  services: [{ name: "api", namespace: "apps", latencyObjectiveMs: 300 }],
  workers: [
    {
      name: "agents",
      namespace: "agents",
      queue: "agent-tasks",
      messagesPerPod: 10,
      maxReplicas: 20,
    },
  ],
  alerting: {
    runbookBaseUrl: "https://runbooks.example.org/platform/",
    thresholds: {
      nodeCpu: { warningPercent: 80, criticalPercent: 90, for: "2m" },
      nodeMemory: { warningPercent: 92 },
      nodeDisk: { warningPercent: 80, for: "10m" },
      replicationLag: { warningMs: 1000, criticalMs: 2000 },
      httpErrorRate: { criticalPercent: 5, for: "3m" },
      httpLatency: { for: "2m" },
      hpaAtMax: { for: "5m" },
      dbConnections: { warningPercent: 85 },
      queueDepth: { for: "2m" },
    },
  },
};

/** Production shape: seed defaults, several services and workers, one custom rule. */
export const prodInput: AlertRulesInput = {
  environment: "prod",
  services: [
    { name: "api", namespace: "apps", latencyObjectiveMs: 200 },
    { name: "agent-api", namespace: "apps", latencyObjectiveMs: 500 },
    { name: "portal", namespace: "platform", latencyObjectiveMs: 250 },
  ],
  workers: [
    {
      name: "agents",
      namespace: "agents",
      queue: "agent-tasks",
      messagesPerPod: 10,
      maxReplicas: 500,
    },
    {
      name: "indexer",
      namespace: "agents",
      queue: "documents.index",
      messagesPerPod: 5,
      maxReplicas: 50,
      scaledObject: "indexer-queue",
    },
  ],
  alerting: {
    runbookBaseUrl: "https://runbooks.example.org/platform",
    customRules: [
      {
        alert: "PgbouncerDown",
        expr: "pgbouncer_up == 0",
        for: "1m",
        severity: "critical",
        summary: "PgBouncer {{ $labels.pod }} cannot reach PostgreSQL",
        description: "pgbouncer_exporter on {{ $labels.pod }} reports pgbouncer_up = 0.",
        labels: { team: "data" },
      },
    ],
  },
};
