import { expect } from "chai";
import YAML from "yaml";
import type { ProgramRun, RegisteredResource } from "../../scripts/lib/program";
import { monitoringContent } from "../../stacks/areas/monitoring";
import { workerMaxReplicas, workloadPlan } from "../../stacks/areas/workloads";
import { loadEnvironment } from "../../stacks/load";
import { ofType, one, runStack, SHIPPED } from "../helpers/program";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const alarmsOf = (r: ProgramRun) => ofType(r, ALARM);
const alarmsOn = (r: ProgramRun, dim: string, id: string) =>
  alarmsOf(r).filter((a) => a.inputs.dimensions?.[dim] === id);
const metrics = (alarms: RegisteredResource[]) => alarms.map((a) => a.inputs.metricName).sort();
const rulesOf = (r: ProgramRun) =>
  one(r, "kubernetes:monitoring.coreos.com/v1:PrometheusRule").inputs.spec.groups.flatMap(
    (g: { rules: unknown[] }) => g.rules,
  ) as {
    alert: string;
    expr: string;
    labels: Record<string, string>;
  }[];
/** True when `path` of the resource's inputs is secret (itself or an enclosing object). */
const isSecretAt = (res: RegisteredResource, path: string) =>
  res.secretPaths.some((p) => path === p || path.startsWith(`${p}.`));
const helmValues = (r: ProgramRun) =>
  one(r, "kubernetes:helm.sh/v3:Release", "monitoring-release").inputs.values;

for (const stack of SHIPPED) {
  describe(`monitoring of ${stack}`, () => {
    let r: ProgramRun;
    before(async () => {
      r = await runStack(stack);
    });

    it("every RDS instance has CPU (warning and critical), free-storage and connection alarms, and every replica a lag alarm above 0.5 s", () => {
      const instances = ofType(r, "aws:rds/instance:Instance");
      expect(instances.length).to.be.greaterThan(0);
      for (const db of instances) {
        const id = db.inputs.identifier as string;
        const mine = alarmsOn(r, "DBInstanceIdentifier", id);
        const expected = [
          "CPUUtilization",
          "CPUUtilization",
          "DatabaseConnections",
          "FreeStorageSpace",
          ...(db.inputs.replicateSourceDb ? ["ReplicaLag"] : []),
        ];
        expect(metrics(mine), id).to.deep.equal(expected.sort());
        const lag = mine.find((a) => a.inputs.metricName === "ReplicaLag");
        if (lag)
          expect([lag.inputs.comparisonOperator, lag.inputs.threshold]).to.deep.equal([
            "GreaterThanThreshold",
            0.5,
          ]);
        const cpu = mine
          .filter((a) => a.inputs.metricName === "CPUUtilization")
          .map((a) => a.inputs.threshold)
          .sort();
        expect(cpu).to.deep.equal([85, 95]);
      }
    });

    it("the RDS free-storage alarm fires below 20 % of the allocated storage", () => {
      const primary = ofType(r, "aws:rds/instance:Instance").find(
        (d) => !d.inputs.replicateSourceDb,
      )!;
      const [alarm] = alarmsOn(r, "DBInstanceIdentifier", primary.inputs.identifier).filter(
        (a) => a.inputs.metricName === "FreeStorageSpace",
      );
      expect(alarm.inputs.comparisonOperator).to.equal("LessThanThreshold");
      expect(alarm.inputs.threshold).to.equal(
        Math.round(primary.inputs.allocatedStorage * 2 ** 30 * 0.2),
      );
    });

    it("every ElastiCache node has engine CPU, memory and eviction alarms", () => {
      const group = one(r, "aws:elasticache/replicationGroup:ReplicationGroup");
      const nodes =
        group.inputs.clusterMode === "enabled"
          ? group.inputs.numNodeGroups * (1 + group.inputs.replicasPerNodeGroup)
          : group.inputs.numCacheClusters;
      const cacheAlarms = alarmsOf(r).filter((a) => a.inputs.namespace === "AWS/ElastiCache");
      const ids = [
        ...new Set(cacheAlarms.map((a) => a.inputs.dimensions.CacheClusterId as string)),
      ];
      expect(ids).to.have.length(nodes);
      for (const id of ids) {
        expect(id.startsWith(`${group.inputs.replicationGroupId}-`), id).to.equal(true);
        expect(metrics(alarmsOn(r, "CacheClusterId", id))).to.deep.equal([
          "DatabaseMemoryUsagePercentage",
          "EngineCPUUtilization",
          "Evictions",
        ]);
      }
    });

    it("every queue of the broker has a depth alarm, at the consuming workers' capacity where a worker consumes it", () => {
      const broker = one(r, "aws:mq/broker:Broker").inputs.brokerName as string;
      const queues = alarmsOf(r).filter((a) => a.inputs.namespace === "AWS/AmazonMQ");
      const bounds = r.outputs.workloadBounds as Record<string, { kind: string; max: number }>;
      const depth = Object.fromEntries(
        queues.map((a) => [a.inputs.dimensions.Queue, a.inputs.threshold]),
      );
      expect(
        queues.every(
          (a) => a.inputs.dimensions.Broker === broker && a.inputs.dimensions.VirtualHost === "/",
        ),
      ).to.equal(true);
      expect(Object.keys(depth).length).to.be.greaterThan(0);
      for (const [name, b] of Object.entries(bounds).filter(([, b]) => b.kind === "worker")) {
        const worker = rulesOf(r).find(
          (x) => x.alert === "QueueDepthAboveWorkerCapacity" && x.labels.worker === name,
        )!;
        expect(depth[worker.labels.queue], name).to.equal(10 * b.max);
      }
    });

    it("every alarm notifies the encrypted alert topic, both when it fires and when it clears", () => {
      const topic = one(r, "aws:sns/topic:Topic", "alerting-topic");
      const key = one(r, "aws:kms/key:Key", "alerting-key");
      expect(topic.inputs.kmsMasterKeyId).to.equal(key.outputs.arn);
      expect(key.inputs.enableKeyRotation).to.equal(true);
      for (const a of alarmsOf(r)) {
        expect(a.inputs.alarmActions, a.name).to.deep.equal([topic.outputs.arn]);
        expect(a.inputs.okActions, a.name).to.deep.equal([topic.outputs.arn]);
      }
      expect(r.outputs.alertTopicArn).to.equal(
        `arn:aws:sns:us-east-1:123456789012:${topic.inputs.name}`,
      );
    });

    it("CloudWatch and AWS Budgets may encrypt for and publish to the topic, from this account only", () => {
      const keyPolicy = JSON.parse(one(r, "aws:kms/key:Key", "alerting-key").inputs.policy);
      const services = keyPolicy.Statement.find(
        (s: { Sid: string }) => s.Sid === "PublishingServices",
      );
      expect(services.Principal.Service).to.deep.equal([
        "cloudwatch.amazonaws.com",
        "budgets.amazonaws.com",
      ]);
      const topicPolicy = JSON.parse(
        one(r, "aws:sns/topicPolicy:TopicPolicy", "alerting-topic-policy").inputs.policy,
      );
      expect(topicPolicy.Statement[0]).to.deep.include({
        Action: "sns:Publish",
        Resource: r.outputs.alertTopicArn,
      });
      expect(topicPolicy.Statement[0].Condition).to.deep.equal({
        StringEquals: { "aws:SourceAccount": "123456789012" },
      });
    });

    it("the budget notifies the same alert topic", () => {
      const budgets = ofType(r, "aws:budgets/budget:Budget");
      const subscribers = JSON.stringify(budgets.map((b) => b.inputs.notifications));
      expect(subscribers).to.include(r.outputs.alertTopicArn as string);
    });

    it("the on-call addresses are subscribed to the topic by e-mail", () => {
      const subs = ofType(r, "aws:sns/topicSubscription:TopicSubscription").filter((s) =>
        s.name.startsWith("alerting-email-"),
      );
      expect(subs.length).to.be.greaterThan(0);
      expect(
        subs.every((s) => s.inputs.protocol === "email" && /@/.test(s.inputs.endpoint)),
      ).to.equal(true);
    });

    it("rules are rendered for every service (error rate, P95 against its objective) and every worker (queue depth)", () => {
      const rules = rulesOf(r);
      const bounds = r.outputs.workloadBounds as Record<string, { kind: string; max: number }>;
      const services = Object.entries(bounds)
        .filter(([, b]) => b.kind === "service")
        .map(([n]) => n);
      const workers = Object.entries(bounds)
        .filter(([, b]) => b.kind === "worker")
        .map(([n]) => n);
      expect(services.length + workers.length).to.be.greaterThan(0);
      for (const s of services) {
        expect(
          rules
            .filter((x) => x.labels.service === s)
            .map((x) => x.alert)
            .sort(),
          s,
        ).to.deep.equal(["HttpErrorRateHigh", "HttpLatencyP95AboveObjective"]);
      }
      for (const w of workers) {
        const q = rules.filter((x) => x.labels.worker === w);
        expect(
          q.map((x) => x.alert),
          w,
        ).to.deep.equal(["QueueDepthAboveWorkerCapacity"]);
        expect(q[0].expr, w).to.match(new RegExp(` > ${10 * bounds[w].max}$`));
      }
      expect(rules.every((x) => x.labels.environment === stack)).to.equal(true);
    });

    it("each queue-depth rule reads the metric of its worker's own ScaledObject, whose trigger reads that queue", () => {
      const scaled = ofType(r, "kubernetes:keda.sh/v1alpha1:ScaledObject");
      const rules = rulesOf(r).filter((x) => x.alert === "QueueDepthAboveWorkerCapacity");
      expect(rules).to.have.length(scaled.length);
      for (const rule of rules) {
        const so = scaled.find(
          (x) => x.inputs.metadata.name === /scaledObject="([^"]+)"/.exec(rule.expr)?.[1],
        );
        expect(so, rule.labels.worker).to.not.equal(undefined);
        expect(so!.inputs.metadata.namespace).to.equal(rule.labels.namespace);
        expect(
          so!.inputs.spec.triggers.map(
            (t: { metadata: { queueName: string } }) => t.metadata.queueName,
          ),
        ).to.include(rule.labels.queue);
      }
    });

    it("the PrometheusRule holds exactly the rule file the promtool tests check", () => {
      const env = loadEnvironment(stack);
      const spec = one(r, "kubernetes:monitoring.coreos.com/v1:PrometheusRule").inputs.spec;
      expect(spec).to.deep.equal(
        JSON.parse(
          JSON.stringify(monitoringContent(env, workerMaxReplicas(workloadPlan(env))).rules.spec),
        ),
      );
    });

    it("Prometheus scrapes every service, PgBouncer's and PostgreSQL's exporters and the KEDA operator", () => {
      const monitors = ofType(r, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor");
      const bounds = r.outputs.workloadBounds as Record<string, { kind: string }>;
      const names = monitors.map((m) => m.inputs.metadata.name).sort();
      const services = Object.entries(bounds)
        .filter(([, b]) => b.kind === "service")
        .map(([n]) => `svc-${n}`);
      expect(names).to.deep.equal(
        [...services, "keda-operator", "pgbouncer", "postgres-exporter"].sort(),
      );
      const pgb = monitors.find((m) => m.inputs.metadata.name === "pgbouncer")!;
      const pgbService = ofType(r, "kubernetes:core/v1:Service").find(
        (s) => s.name === "pgbouncer-metrics",
      )!;
      expect(pgb.inputs.spec.namespaceSelector.matchNames).to.deep.equal([
        pgbService.inputs.metadata.namespace,
      ]);
      expect(pgb.inputs.spec.selector.matchLabels).to.deep.include(
        pgbService.inputs.metadata.labels,
      );
      expect(pgb.inputs.spec.endpoints[0].port).to.equal(pgbService.inputs.spec.ports[0].name);
    });

    it("the Grafana admin password is generated, kept in a Secret marked secret, and absent from Helm values and outputs", () => {
      const password = one(
        r,
        "random:index/randomPassword:RandomPassword",
        "monitoring-grafana-password",
      ).outputs.result as string;
      const secret = ofType(r, "kubernetes:core/v1:Secret").find(
        (s) => s.name === "monitoring-grafana-admin",
      )!;
      expect(secret.inputs.stringData["admin-password"]).to.equal(password);
      expect(isSecretAt(secret, "stringData.admin-password")).to.equal(true);
      expect(helmValues(r).grafana.admin).to.deep.equal({
        existingSecret: "grafana-admin",
        userKey: "admin-user",
        passwordKey: "admin-password",
      });
      expect(JSON.stringify(helmValues(r))).to.not.include(password);
      expect(JSON.stringify(r.outputs)).to.not.include(password);
    });

    it("Alertmanager reads its routes from a Secret, publishes to the topic through its own IRSA role", () => {
      const am = helmValues(r).alertmanager;
      expect(am.alertmanagerSpec).to.include({
        useExistingSecret: true,
        configSecret: "alertmanager-platform",
      });
      const role = one(r, "aws:iam/role:Role", "alerting-alertmanager-irsa");
      expect(am.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).to.equal(
        role.outputs.arn,
      );
      const trust = JSON.parse(role.inputs.assumeRolePolicy);
      expect(JSON.stringify(trust)).to.include(
        `system:serviceaccount:monitoring:${am.serviceAccount.name}`,
      );
      const config = ofType(r, "kubernetes:core/v1:Secret").find(
        (s) => s.name === "monitoring-alertmanager-config",
      )!;
      expect(isSecretAt(config, "stringData.alertmanager.yaml")).to.equal(true);
      expect(config.inputs.stringData["alertmanager.yaml"]).to.include(
        `topic_arn: ${r.outputs.alertTopicArn}`,
      );
    });

    it("the CloudWatch exporter brings RDS and ElastiCache series into Prometheus, finding only this environment's resources", () => {
      const yace = one(r, "kubernetes:helm.sh/v3:Release", "monitoring-cloudwatch-exporter");
      const role = one(r, "aws:iam/role:Role", "alerting-cloudwatch-exporter-irsa");
      expect(yace.inputs.values.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).to.equal(
        role.outputs.arn,
      );
      expect(yace.inputs.values.serviceMonitor.enabled).to.equal(true);
      const config = YAML.parse(yace.inputs.values.config);
      // The edge's jobs follow where a service is public (tests/program/edge-dashboards.test.ts).
      expect(config.discovery.jobs.map((j: { type: string }) => j.type).slice(0, 2)).to.deep.equal([
        "AWS/RDS",
        "AWS/ElastiCache",
      ]);
      expect(config.discovery.jobs[0].searchTags).to.deep.equal([
        { key: "Environment", value: `^${stack}$` },
      ]);
      const policy = JSON.parse(
        ofType(r, "aws:iam/rolePolicy:RolePolicy").find(
          (p) => p.name === "alerting-cloudwatch-exporter-irsa-policy",
        )!.inputs.policy,
      );
      expect(policy.Statement[0].Action).to.deep.equal([
        "cloudwatch:GetMetricData",
        "cloudwatch:ListMetrics",
        "tag:GetResources",
      ]);
    });

    it("the dashboards are a ConfigMap the Grafana sidecar loads", () => {
      const cm = one(r, "kubernetes:core/v1:ConfigMap", "monitoring-dashboards");
      expect(cm.inputs.metadata.labels.grafana_dashboard).to.equal("1");
      expect(Object.keys(cm.inputs.data)).to.include.members([
        "platform-autoscaling.json",
        "platform-data-tier.json",
        "platform-services.json",
      ]);
      expect(helmValues(r).grafana.sidecar.dashboards).to.include({
        enabled: true,
        label: "grafana_dashboard",
        labelValue: "1",
      });
    });
  });
}

describe("monitoring settings flow from the stack file", () => {
  it("prod keeps 30 days on 200 GiB gp3 volumes with two Prometheus and three Alertmanager replicas", async () => {
    const v = helmValues(await runStack("prod"));
    expect(v.prometheus.prometheusSpec).to.include({
      retention: "30d",
      replicas: 2,
      retentionSize: "193GB",
    });
    expect(v.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec).to.deep.include({
      storageClassName: "gp3",
      resources: { requests: { storage: "200Gi" } },
    });
    expect(v.alertmanager.alertmanagerSpec.replicas).to.equal(3);
  });

  it("dev keeps 7 days on 20 GiB with single replicas", async () => {
    const v = helmValues(await runStack("dev"));
    expect(v.prometheus.prometheusSpec).to.include({ retention: "7d", replicas: 1 });
    expect(v.alertmanager.alertmanagerSpec.replicas).to.equal(1);
  });
});
