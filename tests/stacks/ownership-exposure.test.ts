import { expect } from "chai";
import { namespaceIssues } from "../../stacks/schema/ownership";
import { configProblems, expectAccepted, expectProblem } from "../helpers/config-problems";

const COLLIDE = "two owners of one namespace collide at deploy time, so choose another name";

describe("every Kubernetes namespace has one owner", () => {
  const env = (o: {
    namespaces?: string[];
    pgbouncer?: string;
    monitoring?: string;
    headroom?: string;
    headroomReplicas?: number;
  }) => ({
    namespaces: o.namespaces ?? ["apps"],
    pgbouncer: { namespace: o.pgbouncer ?? "data" },
    monitoring: o.monitoring === undefined ? undefined : { namespace: o.monitoring },
    headroom: { namespace: o.headroom ?? "headroom", replicas: o.headroomReplicas ?? 2 },
  });

  it("distinct namespaces for apps, data, monitoring and headroom are accepted", () => {
    expect(namespaceIssues(env({ monitoring: "monitoring" }))).to.deep.equal([]);
  });

  it("a setting that names a fixed namespace is refused at its key, saying whose it is", () => {
    const fixed: [string, string][] = [
      ["kube-system", "Kubernetes' own system namespace"],
      ["kube-public", "Kubernetes' own public namespace"],
      ["kube-node-lease", "Kubernetes' own node-lease namespace"],
      ["default", "Kubernetes' default namespace"],
      ["autoscaling", "the namespace of KEDA and prometheus-adapter"],
      ["cert-manager", "the namespace of cert-manager"],
    ];
    for (const [ns, owner] of fixed)
      expect(namespaceIssues(env({ pgbouncer: ns }))).to.deep.equal([
        { path: ["pgbouncer", "namespace"], message: `${ns} is already ${owner}; ${COLLIDE}` },
      ]);
  });

  it("monitoring may not take the data tier's namespace, nor an application the monitoring one", () => {
    expect(namespaceIssues(env({ monitoring: "data" }))).to.deep.equal([
      {
        path: ["monitoring", "namespace"],
        message: `data is already the data tier's namespace (platform:pgbouncer.namespace); ${COLLIDE}`,
      },
    ]);
    expect(
      namespaceIssues(env({ monitoring: "monitoring", namespaces: ["apps", "monitoring"] })),
    ).to.deep.equal([
      {
        path: ["namespaces", 1],
        message: `monitoring is already the monitoring namespace (platform:monitoring.namespace); ${COLLIDE}`,
      },
    ]);
  });

  it("without monitoring, its usual namespace is free for an application", () => {
    expect(namespaceIssues(env({ namespaces: ["monitoring"] }))).to.deep.equal([]);
  });

  it("the headroom namespace is owned only while placeholders run", () => {
    expect(
      namespaceIssues(env({ headroom: "apps", headroomReplicas: 1, namespaces: ["apps"] })),
    ).to.deep.equal([
      {
        path: ["namespaces", 0],
        message: `apps is already the headroom placeholders' namespace (platform:headroom.namespace); ${COLLIDE}`,
      },
    ]);
    expect(
      namespaceIssues(env({ headroom: "apps", headroomReplicas: 0, namespaces: ["apps"] })),
    ).to.deep.equal([]);
  });

  it("an application namespace listed twice is left to the list's own repeat check, and one reused by a later setting is reported once", () => {
    expect(namespaceIssues(env({ namespaces: ["apps", "apps"] }))).to.deep.equal([]);
    expect(namespaceIssues(env({ namespaces: ["apps", "cert-manager"] }))).to.deep.equal([
      {
        path: ["namespaces", 1],
        message: `cert-manager is already the namespace of cert-manager; ${COLLIDE}`,
      },
    ]);
  });
});

const MALFORMED =
  '"203.0.113.0/33" is not an IPv4 CIDR block: octets must be 0-255 and the prefix 0-32';

describe("the API allow-list admits at most a /8 of public addresses", () => {
  const allow = (cidrs: string[]) => (s: Record<string, { publicAccessCidrs?: string[] }>) =>
    (s.cluster.publicAccessCidrs = cidrs);
  const LIST = "platform:cluster.publicAccessCidrs";

  it("a /8 of public addresses is accepted; one address more is refused with the count and share", () => {
    expectAccepted("dev", allow(["11.0.0.0/8"]));
    expectProblem(
      "dev",
      allow(["11.0.0.0/8", "12.0.0.0/32"]),
      LIST,
      "together admit 16777217 addresses (0.4 % of the Internet), more than a /8; list your office/VPN ranges",
    );
  });

  it("overlapping entries are counted once", () => {
    expectAccepted("dev", allow(["11.0.0.0/9", "11.0.0.0/8", "11.128.0.0/9"]));
    expectProblem(
      "dev",
      allow(["11.0.0.0/9", "11.0.0.0/8", "11.128.0.0/10", "12.0.0.0/32"]),
      LIST,
      /^together admit 16777217 addresses/,
    );
  });

  it("the two halves of the Internet are refused as the whole Internet", () => {
    const found = configProblems("dev", allow(["0.0.0.0/1", "128.0.0.0/1"]));
    expect(found.find((p) => p.key === LIST)?.message).to.equal(
      "together cover every IPv4 address: the API would be open to the whole Internet; list your office/VPN ranges",
    );
  });

  it("a repeated entry is refused at the repeat", () => {
    expectProblem(
      "dev",
      allow(["203.0.113.0/24", "198.51.100.0/24", "203.0.113.0/24"]),
      `${LIST}.2`,
      "lists 203.0.113.0/24 twice; remove the repeat",
    );
  });

  it("the count does not depend on the order of the entries (a /8 listed after a smaller block)", () => {
    expectProblem(
      "dev",
      allow(["13.0.0.0/32", "12.0.0.0/32", "11.0.0.0/8"]),
      LIST,
      "together admit 16777218 addresses (0.4 % of the Internet), more than a /8; list your office/VPN ranges",
    );
  });

  it("0.0.0.0/0 gets its own message only, not also the reserved-range one for 0.0.0.0/8", () => {
    const found = configProblems("dev", allow(["0.0.0.0/0"])).filter((p) => p.key.startsWith(LIST));
    expect(found.map((p) => p.message)).to.have.members([
      "0.0.0.0/0 opens the API to the Internet; list your office/VPN ranges",
      "together cover every IPv4 address: the API would be open to the whole Internet; list your office/VPN ranges",
    ]);
    expect(found.some((p) => p.message.includes("never reach the public endpoint"))).to.equal(
      false,
    );
  });

  it("a malformed entry is reported once, at the entry, and the other entries are still checked", () => {
    const found = configProblems("dev", allow(["203.0.113.0/33", "10.1.0.0/16"]));
    expect(found.map((p) => p.key)).to.have.members([`${LIST}.0`, `${LIST}.1`]);
    expect(found.find((p) => p.key === `${LIST}.0`)?.message).to.equal(MALFORMED);
  });

  it("an entry with private or reserved addresses is refused, naming the range", () => {
    expectProblem(
      "dev",
      allow(["203.0.113.0/24", "10.1.0.0/16"]),
      `${LIST}.1`,
      "10.1.0.0/16 includes 10.0.0.0/8, addresses that never reach the public endpoint (EKS refuses them); list the public address your office/VPN/NAT connects from, or use the private endpoint from inside the VPC",
    );
  });
});
