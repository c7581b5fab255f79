import { expect } from "chai";
import { configProblems, expectAccepted, expectProblem } from "../helpers/config-problems";

const table = (timeColumn: string, columns: { name: string; type: string }[]) => ({
  table: "events",
  timeColumn,
  columns,
});

describe("the data tier's settings, refused at the field to change", () => {
  it("a bad partitioned-table field is reported at its own path, without the validator's prefix", () => {
    expectProblem(
      "dev",
      (s) =>
        (s.database.partitionedTables = [
          table("at", [
            { name: "at", type: "timestamptz" },
            { name: "x", type: "nonsense" },
          ]),
        ]),
      "platform:database.partitionedTables.0.columns.1.type",
      /^column type "nonsense" is not in the allowed grammar; allowed: integer types, boolean, text/,
    );
    expectProblem(
      "dev",
      (s) =>
        (s.database.partitionedTables = [
          table("at", [{ name: "at", type: "timestamptz" }]),
          table("zz", [{ name: "at", type: "timestamptz" }]),
        ]),
      "platform:database.partitionedTables.1.timeColumn",
      '"zz" is not one of the columns (at)',
    );
  });

  it("a field of the eleventh table is reported at index 10, not at the list", () => {
    const tables = Array.from({ length: 11 }, (_, i) => ({
      ...table("at", [
        { name: "at", type: "timestamptz" },
        { name: "x", type: i === 10 ? "nonsense" : "text" },
      ]),
      table: `events${i}`,
    }));
    const found = configProblems("dev", (s) => (s.database.partitionedTables = tables));
    expect(found.map((p) => p.key)).to.deep.equal([
      "platform:database.partitionedTables.10.columns.1.type",
    ]);
  });

  it("the workloads' login may not be the master user", () => {
    expectProblem(
      "dev",
      (s) => (s.database.appUsername = s.database.masterUsername ?? "platform_admin"),
      "platform:database.appUsername",
      "appUsername (platform_admin) must differ from masterUsername, so workloads do not run as the owner",
    );
  });

  it("several cache shards need cluster mode; one shard does not", () => {
    expectProblem(
      "dev",
      (s) => (s.cache = { ...s.cache, clusterMode: false, shards: 2 }),
      "platform:cache.shards",
      "more than one shard needs clusterMode: true",
    );
    expectAccepted("dev", (s) => (s.cache = { ...s.cache, clusterMode: false, shards: 1 }));
  });

  it("a queue listed twice is reported once, as a repeat, not also as a near-collision with itself", () => {
    const found = configProblems(
      "dev",
      (s) => (s.queue.queues = ["agent-tasks", "agent-results", "agent-tasks"]),
    );
    expect(found).to.deep.equal([
      {
        key: "platform:queue.queues.2",
        message: 'lists the queue "agent-tasks" twice; remove the repeat',
        value: "agent-tasks",
      },
    ]);
  });

  it("a RabbitMQ version on an instance family it does not run on is refused, listing the families", () => {
    expectProblem(
      "dev",
      (s) => (s.queue.instanceType = "mq.c5.large"),
      "platform:queue.engineVersion",
      "RabbitMQ 3.13 runs on mq.t3, mq.m5, mq.m7g only, not platform:queue.instanceType mq.c5.large",
    );
  });

  it("queue names that differ only in '.', '_' or '-' are refused at the later one", () => {
    expectProblem(
      "dev",
      (s) => (s.queue.queues = ["agent-tasks", "agent-results", "agent.tasks"]),
      "platform:queue.queues.2",
      "queue agent.tasks and queue agent-tasks differ only in '.', '_' or '-', which their alarms and metrics cannot tell apart; rename one",
    );
    const found = configProblems("dev", (s) => (s.queue.queues = ["agent-tasks", "agent_results"]));
    expect(found.filter((p) => p.key.startsWith("platform:queue.queues"))).to.deep.equal([]);
  });

  it("a RabbitMQ version is refused on an instance family it does not run on, naming both", () => {
    expectProblem(
      "dev",
      (s) => (s.queue = { ...s.queue, engineVersion: "4.2", instanceType: "mq.m5.large" }),
      "platform:queue.engineVersion",
      "RabbitMQ 4.2 runs on mq.m7g only, not platform:queue.instanceType mq.m5.large",
    );
    expectAccepted(
      "dev",
      (s) => (s.queue = { ...s.queue, engineVersion: "4.2", instanceType: "mq.m7g.large" }),
    );
  });

  it("a cluster of brokers is refused on a size that runs one broker only", () => {
    expectProblem(
      "dev",
      (s) =>
        (s.queue = { ...s.queue, instanceType: "mq.t3.micro", deploymentMode: "CLUSTER_MULTI_AZ" }),
      "platform:queue.deploymentMode",
      "mq.t3.micro runs a single broker only; use SINGLE_INSTANCE or a larger platform:queue.instanceType",
    );
    expectAccepted(
      "dev",
      (s) =>
        (s.queue = { ...s.queue, instanceType: "mq.t3.micro", deploymentMode: "SINGLE_INSTANCE" }),
    );
  });

  it("an engine version the service does not offer is refused, listing those it does", () => {
    expectProblem(
      "dev",
      (s) => (s.database.engineVersion = "9"),
      "platform:database.engineVersion",
      "is not a version RDS for PostgreSQL offers; offered: 14, 15, 16, 17, 18",
    );
  });

  it("PgBouncer settings are checked by the pooler's own validator, at the field it names", () => {
    expectProblem(
      "dev",
      (s) => (s.pgbouncer = { ...s.pgbouncer, defaultPoolSize: 20000 }),
      "platform:pgbouncer.defaultPoolSize",
      "20000 is not allowed; expected a whole number from 1 to 10000",
    );
  });
});
