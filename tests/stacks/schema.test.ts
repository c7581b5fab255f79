import { expect } from "chai";
import { awsEnvironments } from "../../stacks/load";
import { configAfter, configProblems, expectProblem } from "../helpers/config-problems";

describe("environment schema", () => {
  // One test over the list, read inside it: listing the AWS environments parses every stack file,
  // and doing that while the file loads would make each schema mutant a slow "static" one.
  it("accepts every shipped AWS environment", () => {
    const shipped = awsEnvironments();
    expect(shipped).to.include.members(["dev", "staging", "prod"]);
    for (const env of shipped) expect(configAfter(env, () => undefined).name).to.equal(env);
  });

  it("fills defaults in one place: an omitted network section gets a /16 over three zones", () => {
    const env = configAfter("dev", (s) => delete s.network);
    expect(env.network).to.deep.include({ cidr: "10.0.0.0/16", zones: 3, natGateways: "perZone" });
    expect(env.network.subnetPrefixLength).to.deep.equal({ public: 22, private: 19, data: 23 });
    expect(env.zones).to.deep.equal(["us-east-1a", "us-east-1b", "us-east-1c"]);
  });

  it("rejects a node group whose minSize exceeds its maxSize, naming the key", () => {
    expectProblem(
      "dev",
      (s) => Object.assign(s.nodeGroups["app-spot"], { minSize: 9, maxSize: 8 }),
      "platform:nodeGroups.app-spot.minSize",
      /greater than maxSize 8/,
    );
  });

  it("rejects zero and negative node counts", () => {
    expectProblem(
      "dev",
      (s) => (s.nodeGroups.system.minSize = 0),
      "platform:nodeGroups.system.minSize",
      /at least 1/,
    );
    expectProblem(
      "dev",
      (s) => (s.nodeGroups.system.maxSize = -2),
      "platform:nodeGroups.system.maxSize",
      /at least 1/,
    );
  });

  it("rejects a desired size outside the bounds", () => {
    expectProblem(
      "dev",
      (s) => (s.nodeGroups.baseline.desiredSize = 5),
      "platform:nodeGroups.baseline.desiredSize",
      /between minSize 1 and maxSize 2/,
    );
  });

  it("rejects more zones than the region offers, listing them", () => {
    expectProblem(
      "dev",
      (s) => {
        s.aws.region = "eu-west-1";
        s.network.zones = 4;
      },
      "platform:network.zones",
      /eu-west-1 offers 3 zones.*eu-west-1a, eu-west-1b, eu-west-1c/,
    );
  });

  it("rejects a VPC CIDR too small for the zones and subnet sizes, saying what size is needed", () => {
    expectProblem(
      "dev",
      (s) => (s.network.cidr = "10.10.0.0/20"),
      "platform:network.cidr",
      /needs? .*use a \/17 or larger VPC/,
    );
  });

  it("rejects a malformed CIDR", () => {
    expectProblem(
      "dev",
      (s) => (s.network.cidr = "10.10.0.1/16"),
      "platform:network.cidr",
      /host bits set; did you mean 10\.10\.0\.0\/16/,
    );
  });

  it("rejects an unknown capacity type, listing the allowed ones", () => {
    expectProblem(
      "dev",
      (s) => (s.nodeGroups.baseline.capacityType = "dedicated"),
      "platform:nodeGroups.baseline.capacityType",
      /spot, on-demand, reserved/,
    );
  });

  it("rejects a missing required key", () => {
    expectProblem("dev", (s) => delete s.cluster, "platform:cluster", /required but missing/);
  });

  it("rejects a missing required nested key", () => {
    expectProblem("dev", (s) => delete s.tags.owner, "platform:tags.owner", /required but missing/);
  });

  it("rejects unknown keys, so typos do not silently fall back to defaults", () => {
    expectProblem(
      "dev",
      (s) => (s.network.natGateway = "single"),
      "platform:network.natGateway",
      /not a known setting/,
    );
    expectProblem("dev", (s) => (s.netwrok = {}), "platform:netwrok", /not a known setting/);
  });

  it("rejects a spot group without three interchangeable instance types", () => {
    expectProblem(
      "dev",
      (s) => (s.nodeGroups["app-spot"].instanceTypes = ["m6i.xlarge", "m5.xlarge"]),
      "platform:nodeGroups.app-spot.instanceTypes",
      /at least 3 interchangeable/,
    );
    expectProblem(
      "dev",
      (s) => (s.nodeGroups["app-spot"].instanceTypes = ["m6i.xlarge", "m5.xlarge", "m6i.2xlarge"]),
      "platform:nodeGroups.app-spot.instanceTypes",
      /same vCPU and memory/,
    );
  });

  it("rejects an instance type outside the catalogue", () => {
    expectProblem(
      "dev",
      (s) => (s.nodeGroups.system.instanceTypes = ["x9.huge"]),
      "platform:nodeGroups.system.instanceTypes.0",
      /not in the instance catalogue/,
    );
  });

  it("rejects a reserved group with several instance types", () => {
    expectProblem(
      "dev",
      (s) =>
        Object.assign(s.nodeGroups.baseline, {
          capacityType: "reserved",
          instanceTypes: ["m6i.xlarge", "m5.xlarge"],
        }),
      "platform:nodeGroups.baseline.instanceTypes",
      "reserved groups use exactly one instance type, the one the reserved instances / savings plan cover",
    );
  });

  it("rejects environments without exactly one system group", () => {
    const problems = configProblems("dev", (s) => delete s.nodeGroups.system);
    expect(problems.map((p) => p.message).join()).to.match(
      /exactly one node group must have role system/,
    );
  });

  it("rejects an off-hours size without an office-hours schedule", () => {
    expectProblem(
      "dev",
      (s) => delete s.offHours,
      "platform:nodeGroups.app-spot.offHoursSize",
      /without platform:offHours/,
    );
  });

  it("rejects an API allow-list open to the whole Internet", () => {
    expectProblem(
      "dev",
      (s) => (s.cluster.publicAccessCidrs = ["0.0.0.0/0"]),
      "platform:cluster.publicAccessCidrs.0",
      /opens the API to the Internet/,
    );
  });

  it("rejects private and reserved ranges on the API allow-list: they never reach a public endpoint", () => {
    for (const cidr of ["10.20.0.0/16", "192.168.1.0/24", "100.64.0.0/16", "127.0.0.1/32"])
      expectProblem(
        "dev",
        (s) => (s.cluster.publicAccessCidrs = ["198.51.100.0/24", cidr]),
        "platform:cluster.publicAccessCidrs.1",
        /addresses that never reach the public endpoint/,
      );
  });

  it("rejects more PgBouncer pods than PostgreSQL has connections for, counting reads on the writer", () => {
    // dev: db.t4g.medium (4 GiB: max_connections 450), no read replica, pools of 25 + 10.
    expectProblem(
      "dev",
      (s) => (s.pgbouncer.replicas = 7),
      "platform:pgbouncer.replicas",
      /^7 PgBouncer pods may open 490 connections to the writer .*twice with platform:database\.readReplicas 0.*more than the 445 PostgreSQL allows \(max_connections 450, the default for platform:database\.instanceClass db\.t4g\.medium/,
    );
    const raised = configAfter("dev", (s) => {
      s.pgbouncer.replicas = 7;
      s.database.parameters = { max_connections: 600 };
    });
    expect(raised.pgbouncer.replicas).to.equal(7);
  });

  it("rejects an autoscaler image whose minor version differs from the cluster's", () => {
    expectProblem(
      "dev",
      (s) => (s.cluster.version = "1.32"),
      "platform:charts.clusterAutoscaler.imageTag",
      /must match the cluster's minor version 1\.32/,
    );
  });

  it("rejects workloads logging in as the master user", () => {
    expectProblem(
      "dev",
      (s) => (s.database.appUsername = "platform_admin"),
      "platform:database.appUsername",
      /must differ from masterUsername/,
    );
  });

  it("reports every problem at once, each with the bad value", () => {
    const problems = configProblems("dev", (s) => {
      s.nodeGroups.system.minSize = 0;
      s.network.zones = 9;
    });
    expect(problems.map((p) => p.key)).to.include.members([
      "platform:nodeGroups.system.minSize",
      "platform:network.zones",
    ]);
    expect(problems.find((p) => p.key === "platform:network.zones")!.value).to.equal(9);
  });

  it("a list of distinct entries refuses a repeat at its index, naming the entry (namespaces, budget e-mails)", () => {
    expectProblem(
      "dev",
      (s) => (s.namespaces = ["apps", "agents", "apps"]),
      "platform:namespaces.2",
      'lists the namespace "apps" twice; remove the repeat',
    );
    expectProblem(
      "dev",
      (s) => s.budget.emails.push("platform-team@example.com"),
      "platform:budget.emails.1",
      'lists the address "platform-team@example.com" twice; remove the repeat',
    );
  });
});
