import { expect } from "chai";
import { plaintextConnections, plaintextInSettings } from "../../policy/lib/dsn";
import { DATA_SECRET_NAME } from "../../components/shared/handoff";
import type { ProgramRun } from "../../scripts/lib/program";
import { runStack } from "../helpers/program";
import { expectViolation, Inputs, of, verdicts } from "./helpers";

const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const SECRET = "kubernetes:core/v1:Secret";

/** A copy of `run` with every registered object of `type` matching `pick` edited (or dropped). */
function edited(
  run: ProgramRun,
  type: string,
  pick: (i: Inputs, name: string) => boolean,
  edit: ((i: Inputs) => void) | "drop",
): ProgramRun {
  const copy = structuredClone(run);
  const hits = copy.resources.filter((r) => r.type === type && pick(r.inputs, r.name));
  expect(hits.length, `the program registers a matching ${type}`).to.be.greaterThan(0);
  if (edit === "drop") copy.resources = copy.resources.filter((r) => !hits.includes(r));
  else hits.forEach((h) => edit(h.inputs));
  return copy;
}

describe("policy pack: defence in depth on the real prod registrations", function () {
  this.timeout(120_000);
  let prod: ProgramRun;
  before(async () => {
    prod = await runStack("prod");
  });

  describe("namespace-default-deny", () => {
    const denyIn = (ns: string) => (i: Inputs) =>
      i.metadata?.namespace === ns && i.metadata?.name === "default-deny";

    it("passes the program as built: every namespace it creates is fenced", async () => {
      expect(of(await verdicts(prod), "namespace-default-deny")).to.deep.equal([]);
    });

    it("a namespace without its default deny fails, named", async () => {
      const r = edited(prod, NETWORK_POLICY, denyIn("agents"), "drop");
      const vs = of(await verdicts(r), "namespace-default-deny");
      expect(vs.map((v) => v.message)).to.deep.equal([
        "Namespace agents: no NetworkPolicy denies all ingress and egress of its pods; add one with podSelector {} and policyTypes [Ingress, Egress] and no rules",
      ]);
    });

    it("a 'deny' that allows egress, or selects only some pods, is no default deny", async () => {
      const opened = edited(prod, NETWORK_POLICY, denyIn("data"), (i) => {
        i.spec.egress = [{}];
      });
      expectViolation(
        await verdicts(opened),
        "namespace-default-deny",
        /^Namespace data: no NetworkPolicy denies all egress of its pods/,
      );
      const narrowed = edited(prod, NETWORK_POLICY, denyIn("data"), (i) => {
        i.spec.podSelector = { matchLabels: { app: "pgbouncer" } };
      });
      expectViolation(
        await verdicts(narrowed),
        "namespace-default-deny",
        /^Namespace data: no NetworkPolicy denies all ingress and egress/,
      );
    });

    it("a namespace listed in `exempt` is not checked", async () => {
      const r = edited(prod, NETWORK_POLICY, denyIn("agents"), "drop");
      const vs = await verdicts(r, { "namespace-default-deny": { exempt: ["agents"] } });
      expect(of(vs, "namespace-default-deny")).to.deep.equal([]);
    });
  });

  describe("no-plaintext-data-dsn", () => {
    const handoff = (i: Inputs) => i.metadata?.name === DATA_SECRET_NAME;

    it("passes the program as built: the hand-off, the exporter and the jobs connect encrypted", async () => {
      expect(of(await verdicts(prod), "no-plaintext-data-dsn")).to.deep.equal([]);
    });

    it("a hand-off DSN with sslmode=disable, or with none, fails naming the Secret and key", async () => {
      const disabled = edited(prod, SECRET, handoff, (i) => {
        i.stringData.DATABASE_URL = i.stringData.DATABASE_URL.replace(
          "sslmode=require",
          "sslmode=disable",
        );
      });
      expectViolation(
        await verdicts(disabled),
        "no-plaintext-data-dsn",
        /^Secret agents\/platform-data: stringData\.DATABASE_URL holds a PostgreSQL URL with sslmode=disable; connect with sslmode=require\/verify-ca\/verify-full/,
      );
      const none = edited(prod, SECRET, handoff, (i) => {
        i.stringData.DATABASE_READ_URL = i.stringData.DATABASE_READ_URL.replace(
          "?sslmode=require",
          "",
        );
      });
      expectViolation(
        await verdicts(none),
        "no-plaintext-data-dsn",
        /stringData\.DATABASE_READ_URL holds a PostgreSQL URL with no sslmode \(libpq falls back to plaintext\)/,
      );
    });

    it("a PgBouncer that accepts clients in clear text fails", async () => {
      const r = edited(
        prod,
        SECRET,
        (_, name) => name === "pgbouncer-config",
        (i) => {
          i.stringData["pgbouncer.ini"] = i.stringData["pgbouncer.ini"].replace(
            /^client_tls_sslmode = .*$/m,
            "client_tls_sslmode = prefer",
          );
        },
      );
      expectViolation(
        await verdicts(r),
        "no-plaintext-data-dsn",
        /pgbouncer-config: stringData\.pgbouncer\.ini holds a PgBouncer configuration with client_tls_sslmode = prefer/,
      );
    });

    it("redis:// and amqp:// fail, also base64-encoded in `data`", async () => {
      const r = edited(prod, SECRET, handoff, (i) => {
        i.data = {
          REDIS_URL: Buffer.from(i.stringData.REDIS_URL.replace("rediss://", "redis://")).toString(
            "base64",
          ),
        };
        i.stringData.AMQP_URL = i.stringData.AMQP_URL.replace("amqps://", "amqp://");
      });
      const vs = await verdicts(r);
      expectViolation(vs, "no-plaintext-data-dsn", /data\.REDIS_URL holds a redis:\/\/ URL/);
      expectViolation(vs, "no-plaintext-data-dsn", /stringData\.AMQP_URL holds an amqp:\/\/ URL/);
    });

    it("the partition jobs' PGHOST without an encrypted PGSSLMODE fails", async () => {
      const r = edited(
        prod,
        SECRET,
        (_, name) => name === "partitions-credentials",
        (i) => delete i.stringData.PGSSLMODE,
      );
      expectViolation(
        await verdicts(r),
        "no-plaintext-data-dsn",
        /partitions-credentials: stringData\.PGHOST is set with no PGSSLMODE/,
      );
    });
  });

  describe("the DSN checks (pure)", () => {
    it("accepts only sslmodes that never fall back to plaintext", () => {
      for (const mode of ["require", "verify-ca", "verify-full"])
        expect(plaintextConnections(`postgresql://u:p@h:6432/app?sslmode=${mode}`)).to.deep.equal(
          [],
        );
      for (const mode of ["disable", "allow", "prefer"])
        expect(plaintextConnections(`postgres://h/app?x=1&sslmode=${mode}`)).to.have.length(1);
      expect(plaintextConnections("host=db port=5432 dbname=app")).to.deep.equal([
        "a libpq keyword DSN with no sslmode",
      ]);
      expect(plaintextConnections("host=db dbname=app sslmode=verify-full")).to.deep.equal([]);
      expect(plaintextConnections("https://b-1.mq.eu-west-1.on.aws")).to.deep.equal([]);
      expect(plaintextConnections("rediss://:t@cache:6379")).to.deep.equal([]);
      expect(plaintextConnections("[pgbouncer]\nserver_tls_sslmode = require\n")).to.deep.equal([
        "a PgBouncer configuration with client_tls_sslmode = disable (the default)",
      ]);
    });

    it("reads libpq's environment form", () => {
      expect(plaintextInSettings({ PGHOST: "db", PGSSLMODE: "prefer" })).to.deep.equal([
        "PGHOST is set with PGSSLMODE=prefer",
      ]);
      expect(plaintextInSettings({ PGHOST: "db", PGSSLMODE: "require" })).to.deep.equal([]);
    });
  });
});
