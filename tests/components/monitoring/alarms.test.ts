import { expect } from "chai";
import fc from "fast-check";
import {
  type AlarmThresholds,
  alertmanagerPublishPolicy,
  cacheNodeSuffixes,
  planDataTierAlarms,
  rdsClassMemoryGiB,
  rdsMaxConnections,
  topicKeyPolicy,
} from "../../../components/monitoring";

const seed: AlarmThresholds = {
  cpuWarningPercent: 85,
  cpuCriticalPercent: 95,
  cpuForSeconds: 300,
  memoryPercent: 90,
  memoryForSeconds: 300,
  replicaLagMs: 500,
  replicaLagForSeconds: 300,
  freeStoragePercent: 20,
  connectionsPercent: 90,
  connectionsForSeconds: 300,
  evictionsPerMinute: 100,
  queueForSeconds: 120,
};

const full = planDataTierAlarms({
  thresholds: seed,
  database: {
    primary: "pg",
    replicas: ["pg-r1", "pg-r2"],
    allocatedStorageGiB: 500,
    maxConnections: 3000,
    replicaMaxConnections: 1500,
  },
  cache: { nodes: ["redis-0001-001", "redis-0001-002"] },
  queue: {
    broker: "mq",
    queues: [
      { name: "agent-tasks", depthThreshold: 5000 },
      { name: "agent.results", depthThreshold: 1000 },
    ],
  },
});
const byRole = (role: string) => full.find((a) => a.role === role)!;

describe("data-tier CloudWatch alarms", function () {
  it("watch every RDS instance's CPU at both tiers, free storage and connections, and every replica's lag", function () {
    expect(full.filter((a) => a.namespace === "AWS/RDS").map((a) => a.role)).to.deep.equal([
      ...["primary", "replica-1", "replica-2"].flatMap((w) => [
        `rds-${w}-cpu-warning`,
        `rds-${w}-cpu-critical`,
        `rds-${w}-free-storage`,
        `rds-${w}-connections`,
        ...(w === "primary" ? [] : [`rds-${w}-replica-lag`]),
      ]),
    ]);
  });

  it("use the seed levels: CPU above 85 % and 95 % for 5 minutes, lag above 0.5 s, free storage below 20 %", function () {
    expect(byRole("rds-primary-cpu-warning")).to.include({
      threshold: 85,
      evaluationPeriods: 5,
      comparisonOperator: "GreaterThanThreshold",
      severity: "warning",
    });
    expect(byRole("rds-primary-cpu-critical")).to.include({ threshold: 95, severity: "critical" });
    expect(byRole("rds-replica-1-replica-lag")).to.include({
      threshold: 0.5,
      metricName: "ReplicaLag",
    });
    expect(byRole("rds-primary-free-storage")).to.include({
      comparisonOperator: "LessThanThreshold",
      threshold: Math.round(500 * 2 ** 30 * 0.2),
    });
  });

  it("set the connection alarm at 90 % of each instance's own max_connections", function () {
    expect(byRole("rds-primary-connections").threshold).to.equal(2700);
    expect(byRole("rds-replica-2-connections").threshold).to.equal(1350);
  });

  it("watch each cache node's engine CPU, memory and evictions, and each queue's depth at its own level", function () {
    expect(
      full.filter((a) => a.dimensions.CacheClusterId === "redis-0001-002").map((a) => a.metricName),
    ).to.deep.equal(["EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "Evictions"]);
    expect(byRole("mq-agent-tasks-depth")).to.deep.include({
      threshold: 5000,
      evaluationPeriods: 2,
      dimensions: { Broker: "mq", VirtualHost: "/", Queue: "agent-tasks" },
    });
    expect(byRole("mq-agent-results-depth").dimensions.Queue).to.equal("agent.results");
  });

  it("an environment without a data-tier part gets no alarms for it", function () {
    expect(planDataTierAlarms({ thresholds: seed })).to.deep.equal([]);
  });

  it("refuse two queues whose alarm names would collide", function () {
    const queues = [
      { name: "a.b", depthThreshold: 1 },
      { name: "a-b", depthThreshold: 1 },
    ];
    expect(() =>
      planDataTierAlarms({ thresholds: seed, queue: { broker: "mq", queues } }),
    ).to.throw("two data-tier alarms share a name");
  });

  it("wait as many whole minutes as the matching rule's for period, and at least one (property)", function () {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_400 }), (seconds) => {
        const [cpu] = planDataTierAlarms({
          thresholds: { ...seed, cpuForSeconds: seconds },
          database: { primary: "p", replicas: [], allocatedStorageGiB: 20, maxConnections: 10 },
        });
        return (
          cpu.evaluationPeriods === Math.max(1, Math.ceil(seconds / 60)) &&
          cpu.evaluationPeriods * 60 >= seconds
        );
      }),
    );
  });
});

describe("data-tier identifiers", function () {
  it("name ElastiCache member clusters -001.. without cluster mode and -0001-001.. (shard, node) with it", function () {
    expect(cacheNodeSuffixes({ clusterMode: false, shards: 1, replicasPerShard: 2 })).to.deep.equal(
      ["-001", "-002", "-003"],
    );
    expect(cacheNodeSuffixes({ clusterMode: true, shards: 2, replicasPerShard: 1 })).to.deep.equal([
      "-0001-001",
      "-0001-002",
      "-0002-001",
      "-0002-002",
    ]);
  });

  it("size RDS classes by family and size, burstable classes by their own table", function () {
    expect(rdsClassMemoryGiB("db.r6g.xlarge")).to.equal(32);
    expect(rdsClassMemoryGiB("db.m6i.2xlarge")).to.equal(32);
    expect(rdsClassMemoryGiB("db.t4g.medium")).to.equal(4);
    expect(() => rdsClassMemoryGiB("db.r6g.huge")).to.throw(
      "set platform:database.parameters.max_connections",
    );
    expect(() => rdsClassMemoryGiB("r6g.xlarge")).to.throw("is not an RDS instance class");
  });

  it("derive max_connections as RDS does (memory / 9531392, at most 5000) unless the parameter sets it", function () {
    expect(rdsMaxConnections("db.t4g.medium")).to.equal(Math.floor((4 * 2 ** 30) / 9531392));
    expect(rdsMaxConnections("db.r6g.xlarge")).to.equal(3604);
    expect(rdsMaxConnections("db.r6g.8xlarge")).to.equal(5000);
    expect(rdsMaxConnections("db.r6g.xlarge", { max_connections: "800" })).to.equal(800);
    expect(() => rdsMaxConnections("db.r6g.xlarge", { max_connections: "many" })).to.throw(
      'max_connections "many" is not a whole number',
    );
  });
});

describe("alert topic policies", function () {
  it("let CloudWatch and Budgets encrypt for the topic only on behalf of this account", function () {
    const doc = topicKeyPolicy("123456789012");
    const services = doc.Statement.find((s) => s.Sid === "PublishingServices")!;
    expect(services.Action).to.deep.equal(["kms:GenerateDataKey*", "kms:Decrypt"]);
    expect(services.Condition).to.deep.equal({
      StringEquals: { "aws:SourceAccount": "123456789012" },
    });
  });

  it("give Alertmanager publish rights on its topic and key, nothing else", function () {
    const doc = alertmanagerPublishPolicy(
      "arn:aws:sns:us-east-1:1:t",
      "arn:aws:kms:us-east-1:1:key/k",
    );
    expect(doc.Statement.map((s) => [s.Action, s.Resource])).to.deep.equal([
      ["sns:Publish", "arn:aws:sns:us-east-1:1:t"],
      [["kms:GenerateDataKey*", "kms:Decrypt"], "arn:aws:kms:us-east-1:1:key/k"],
    ]);
  });
});
