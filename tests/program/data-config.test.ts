import { expect } from "chai";
import { editedConfig } from "../../scripts/lib/program";
import type { ProgramFailure } from "../../scripts/lib/program";
import { ofType, run, runFailing } from "../helpers/program";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Settings = Record<string, any>;
const failWith = (edit: (s: Settings) => void): Promise<ProgramFailure> =>
  runFailing({ stack: "prod", config: editedConfig("prod", edit) });
const auditLog = (s: Settings) => s.database.partitionedTables[0];

/** A bad data-tier setting stops the program before anything is registered, naming the key. */
function expectRefused(failure: ProgramFailure, pattern: RegExp): void {
  expect((failure.cause as Error).name).to.equal("ConfigError");
  expect(failure.message).to.match(pattern);
  // The root Stack resource is registered before the program starts; nothing else may be.
  expect(failure.registered.filter((r) => r.type !== "pulumi:pulumi:Stack")).to.have.length(0);
}

describe("data tier: bad configuration", () => {
  it("refuses more than 3 read replicas", async () => {
    expectRefused(
      await failWith((s) => (s.database.readReplicas = 4)),
      /platform:database\.readReplicas = 4: at most 3 read replicas/,
    );
  });

  it("refuses a storage ceiling below the allocated storage", async () => {
    const failure = await failWith((s) => {
      s.database.allocatedStorageGiB = 800;
      s.database.maxAllocatedStorageGiB = 500;
    });
    expectRefused(
      failure,
      /platform:database\.maxAllocatedStorageGiB = 500: .*at least allocatedStorageGiB \(800\)/,
    );
  });

  for (const hostile of [
    "audit_log; DROP TABLE users",
    'audit"log',
    "Audit_Log",
    "select",
    "a".repeat(56),
    "",
  ]) {
    it(`refuses the table name ${JSON.stringify(hostile.slice(0, 30))} before any SQL is generated`, async () => {
      const failure = await failWith((s) => (auditLog(s).table = hostile));
      expectRefused(
        failure,
        /platform:database\.partitionedTables\.0\.table = .*; allowed: lower-case letters/,
      );
    });
  }

  it("refuses an interval other than month", async () => {
    expectRefused(
      await failWith((s) => (auditLog(s).interval = "week")),
      /platform:database\.partitionedTables\.0\.interval = "week"/,
    );
  });

  it("refuses a partition key that is not a time column", async () => {
    expectRefused(
      await failWith((s) => (auditLog(s).timeColumn = "actor")),
      /platform:database\.partitionedTables\.0\.timeColumn = "actor": column "actor" has type "text"/,
    );
  });

  it("refuses a hostile column type", async () => {
    expectRefused(
      await failWith((s) => (auditLog(s).columns[4].type = "jsonb); DROP TABLE users; --")),
      /platform:database\.partitionedTables\.0\.columns\.4\.type = "jsonb\); DROP/,
    );
  });

  it("refuses an application namespace that is the data tier's own", async () => {
    expectRefused(
      await failWith((s) => s.namespaces.push("data")),
      /platform:namespaces\.2 = "data": data is already the data tier's namespace \(platform:pgbouncer\.namespace\)/,
    );
  });

  it("refuses a backup region equal to the home region", async () => {
    expectRefused(
      await failWith((s) => (s.aws.backupRegion = s.aws.region)),
      /platform:aws\.backupRegion = "us-east-1": is the environment's own region/,
    );
  });

  it("refuses more than one shard without cluster mode", async () => {
    expectRefused(
      await failWith((s) => (s.cache.clusterMode = false)),
      /platform:cache\.shards = 3: more than one shard needs clusterMode: true/,
    );
  });

  it("refuses a PgBouncer that accepts fewer clients than its pools can serve", async () => {
    expectRefused(
      await failWith((s) => (s.pgbouncer.maxClientConn = 10)),
      /platform:pgbouncer\.maxClientConn = 10: 10 is below 2 pools/,
    );
  });

  it("adds a partitioned table to the migration and the maintenance by configuration alone", async () => {
    const r = await run({
      stack: "dev",
      config: editedConfig("dev", (s) =>
        s.database.partitionedTables.push({
          table: "agent_events",
          timeColumn: "at",
          columns: [
            { name: "at", type: "timestamptz" },
            { name: "body", type: "jsonb" },
          ],
          retainMonths: 6,
        }),
      ),
    });
    const sql = ofType(r, "kubernetes:core/v1:ConfigMap").find((c) => c.name === "partitions-sql")!
      .inputs.data;
    expect(sql["migration.sql"]).to.include('CREATE TABLE IF NOT EXISTS "public"."agent_events"');
    expect(sql["maintenance.sql"].split("\n")).to.have.length(2);
    expect(sql["maintenance.sql"]).to.include(
      `'"public"."agent_events"'::regclass, 3, 6, 'archive'`,
    );
  });
});
