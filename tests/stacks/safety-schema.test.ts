import { expect } from "chai";
import { safetyIssues } from "../../stacks/schema/safety";
import { expectProblem } from "../helpers/config-problems";

const REASON = "OPS-1234: restore drill until 2027-01-31";

/** A protected environment with every safety setting on, changed by `o`. */
const env = (
  o: {
    protected?: boolean;
    databaseProtect?: boolean;
    forceSsl?: string | number;
    cacheProtect?: boolean;
    queueProtect?: boolean;
    issuer?: string;
    monitoring?: boolean;
    optOuts?: Record<string, string>;
  } = {},
) => ({
  cluster: { deletionProtection: o.protected ?? true },
  database: {
    protect: o.databaseProtect ?? true,
    parameters: { "rds.force_ssl": o.forceSsl ?? 1 },
  },
  cache: { protect: o.cacheProtect ?? true },
  queue: { protect: o.queueProtect ?? true },
  tls: { issuer: { kind: o.issuer ?? "acme" } },
  monitoring: o.monitoring === false ? undefined : {},
  safetyOptOuts: o.optOuts ?? {},
});
const RAW = { tls: {} };

const refused = (name: string, off: string) =>
  `${off}, in a protected environment (platform:cluster.deletionProtection is true); turn it back on, or list it under platform:safetyOptOuts as "${name}: <reason>"`;

describe("safety settings in a protected environment: off only with a written reason", () => {
  it("a protected environment with every safety setting on has nothing to report", () => {
    expect(safetyIssues(env(), RAW)).to.deep.equal([]);
  });

  it("each setting turned off is refused at its key, naming the opt-out that would allow it", () => {
    const cases: [Parameters<typeof env>[0], string, (string | number)[], string][] = [
      [
        { databaseProtect: false },
        "database.protect",
        ["database", "protect"],
        "turns off deletion protection, the final snapshot and Pulumi protect of the database",
      ],
      [
        { forceSsl: 0 },
        "database.parameters.rds.force_ssl",
        ["database", "parameters", "rds.force_ssl"],
        "lets clients reach PostgreSQL without TLS",
      ],
      [
        { cacheProtect: false },
        "cache.protect",
        ["cache", "protect"],
        "turns off Pulumi protect of the Redis replication group",
      ],
      [
        { queueProtect: false },
        "queue.protect",
        ["queue", "protect"],
        "turns off Pulumi protect of the broker and its messages",
      ],
      [
        { issuer: "selfSigned" },
        "tls",
        ["tls"],
        "issues self-signed certificates clients do not trust",
      ],
      [
        { monitoring: false },
        "monitoring",
        ["monitoring"],
        "is missing, so nothing alerts, no dashboard and no CloudWatch alarm watches the environment",
      ],
    ];
    for (const [o, name, path, off] of cases) {
      expect(safetyIssues(env(o), RAW), name).to.deep.equal([
        { path, message: refused(name, off) },
      ]);
      expect(safetyIssues(env({ ...o, optOuts: { [name]: REASON } }), RAW), name).to.deep.equal([]);
      expect(safetyIssues(env({ ...o, protected: false }), RAW), name).to.deep.equal([]);
    }
  });

  it("a missing tls section is refused as falling back to self-signed certificates", () => {
    expect(safetyIssues(env(), {})).to.deep.equal([
      {
        path: ["tls"],
        message: refused(
          "tls",
          "is missing, so certificates fall back to a self-signed issuer clients do not trust",
        ),
      },
    ]);
  });

  it("TLS is required when rds.force_ssl is 1 as a number or as text", () => {
    expect(safetyIssues(env({ forceSsl: "1" }), RAW)).to.deep.equal([]);
    expect(safetyIssues(env({ forceSsl: "0" }), RAW)).to.have.length(1);
  });

  it("an opt-out that is not needed is refused: the setting is on, or the environment is not protected", () => {
    expect(safetyIssues(env({ optOuts: { "cache.protect": REASON } }), RAW)).to.deep.equal([
      {
        path: ["safetyOptOuts", "cache.protect"],
        message: "is not needed: the setting is on; remove the opt-out",
      },
    ]);
    expect(
      safetyIssues(
        env({ protected: false, cacheProtect: false, optOuts: { "cache.protect": REASON } }),
        RAW,
      ),
    ).to.deep.equal([
      {
        path: ["safetyOptOuts", "cache.protect"],
        message:
          "is not needed: the environment is not protected (platform:cluster.deletionProtection is false); remove it",
      },
    ]);
  });

  it("an opt-out for a setting that does not exist is refused, with the nearest one and the list", () => {
    const known =
      "known: database.protect, database.parameters.rds.force_ssl, cache.protect, queue.protect, tls, monitoring";
    expectProblem(
      "prod",
      (s) => (s.safetyOptOuts = { "database.protekt": REASON }),
      "platform:safetyOptOuts.database.protekt",
      `is not a safety setting; did you mean database.protect? (${known})`,
    );
    expectProblem(
      "prod",
      (s) => (s.safetyOptOuts = { zzzzzzzzzzzz: REASON }),
      "platform:safetyOptOuts.zzzzzzzzzzzz",
      `is not a safety setting (${known})`,
    );
  });
});
