import { expect } from "chai";
import { ALB_ANNOTATION_PREFIX, ENDPOINT_TAG } from "../../model/cost";
import { plaintextConnections, plaintextInSettings } from "../../policy/lib/dsn";
import { deployment, messages, resource } from "./resources";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const SECRET = "kubernetes:core/v1:Secret";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const FIX = "connect with sslmode=require/verify-ca/verify-full, rediss:// and amqps://";

/**
 * The defence-in-depth and edge rules (default deny, encrypted and secret-held credentials,
 * protected public endpoints) on hand-made objects: what satisfies each rule passes, and each way
 * of missing it fails with the exact message. `defence.test.ts` and `edge.test.ts` prove the same
 * rules on what the program registers.
 */
describe("policy pack: defence in depth on hand-made objects", () => {
  describe("namespace-default-deny", () => {
    const ns = (name: string) => resource(NAMESPACE, name, { metadata: { name } });
    const policy = (namespace: string | undefined, spec: Record<string, unknown>) =>
      resource(NETWORK_POLICY, `np-${namespace}`, {
        metadata: { name: "default-deny", ...(namespace ? { namespace } : {}) },
        spec,
      });
    const deny = { podSelector: {}, policyTypes: ["Ingress", "Egress"] };
    const missing = (name: string, what: string) =>
      `Namespace ${name}: no NetworkPolicy denies all ${what} of its pods; add one with podSelector {} and policyTypes [Ingress, Egress] and no rules`;

    it("a policy there selecting every pod with both types and no rules fences the namespace", async () => {
      expect(
        await messages("namespace-default-deny", {}, [ns("apps"), policy("apps", deny)]),
      ).to.deep.equal([]);
      // Empty rule lists and empty selector fields allow nothing either.
      const explicit = {
        podSelector: { matchLabels: {}, matchExpressions: [] },
        policyTypes: ["Ingress", "Egress"],
        ingress: [],
        egress: [],
      };
      expect(
        await messages("namespace-default-deny", {}, [ns("apps"), policy("apps", explicit)]),
      ).to.deep.equal([]);
    });

    it("the two directions may come from two policies", async () => {
      expect(
        await messages("namespace-default-deny", {}, [
          ns("apps"),
          policy("apps", { podSelector: {}, policyTypes: ["Ingress"] }),
          policy("apps", { podSelector: {}, policyTypes: ["Egress"] }),
        ]),
      ).to.deep.equal([]);
    });

    it("a namespace without a policy fails for both directions, with one for one direction", async () => {
      expect(await messages("namespace-default-deny", {}, [ns("apps")])).to.deep.equal([
        missing("apps", "ingress and egress"),
      ]);
      expect(
        await messages("namespace-default-deny", {}, [
          ns("apps"),
          policy("apps", { podSelector: {}, policyTypes: ["Ingress"] }),
        ]),
      ).to.deep.equal([missing("apps", "egress")]);
      expect(
        await messages("namespace-default-deny", {}, [
          ns("apps"),
          policy("apps", { podSelector: {}, policyTypes: ["Egress"] }),
        ]),
      ).to.deep.equal([missing("apps", "ingress")]);
    });

    it("a policy that allows something, selects some pods or has no selector is no default deny", async () => {
      for (const spec of [
        { ...deny, ingress: [{}] },
        { ...deny, podSelector: { matchLabels: { app: "api" } } },
        { ...deny, podSelector: { matchExpressions: [{ key: "app", operator: "Exists" }] } },
        { policyTypes: ["Ingress", "Egress"] },
        { ...deny, podSelector: null },
        { ...deny, podSelector: "all" },
      ])
        expect(
          await messages("namespace-default-deny", {}, [ns("apps"), policy("apps", spec)]),
          JSON.stringify(spec),
        ).to.deep.equal([missing("apps", "ingress" in spec ? "ingress" : "ingress and egress")]);
      expect(
        await messages("namespace-default-deny", {}, [
          ns("apps"),
          policy("apps", { ...deny, egress: [{ to: [] }] }),
        ]),
      ).to.deep.equal([missing("apps", "egress")]);
    });

    it("a policy fences only its own namespace; one without a namespace is in default", async () => {
      expect(
        await messages("namespace-default-deny", {}, [ns("apps"), policy("data", deny)]),
      ).to.deep.equal([missing("apps", "ingress and egress")]);
      expect(
        await messages("namespace-default-deny", {}, [ns("default"), policy(undefined, deny)]),
      ).to.deep.equal([]);
    });

    it("a namespace without metadata.name is named by its resource name", async () => {
      expect(
        await messages("namespace-default-deny", {}, [resource(NAMESPACE, "tools", {})]),
      ).to.deep.equal([missing("tools", "ingress and egress")]);
    });

    it("exempt namespaces are not judged", async () => {
      expect(
        await messages("namespace-default-deny", { exempt: ["apps"] }, [ns("apps"), ns("data")]),
      ).to.deep.equal([missing("data", "ingress and egress")]);
    });
  });

  describe("the DSN checks (pure)", () => {
    it("a PostgreSQL URL needs an encrypted sslmode, in any letter case and position", () => {
      expect(plaintextConnections("postgres://h/app")).to.deep.equal([
        "a PostgreSQL URL with no sslmode (libpq falls back to plaintext)",
      ]);
      expect(plaintextConnections("POSTGRESQL://h/app?sslmode=Disable")).to.deep.equal([
        "a PostgreSQL URL with sslmode=Disable",
      ]);
      expect(plaintextConnections("postgres://h/app?sslmode=REQUIRE")).to.deep.equal([]);
      expect(plaintextConnections("postgres://h/app?a=1&sslmode=verify-ca#x")).to.deep.equal([]);
      // A parameter that merely ends in sslmode is not it.
      expect(plaintextConnections("postgres://h/app?nosslmode=require")).to.deep.equal([
        "a PostgreSQL URL with no sslmode (libpq falls back to plaintext)",
      ]);
      expect(plaintextConnections("postgres://h/app?sslmode=")).to.deep.equal([
        "a PostgreSQL URL with sslmode=",
      ]);
    });

    it("every URL in a value is judged, each on its own parameters", () => {
      expect(
        plaintextConnections(
          'primary="postgres://a/app?sslmode=require" replica=postgres://b/app cache=redis://c:6379',
        ),
      ).to.deep.equal([
        "a PostgreSQL URL with no sslmode (libpq falls back to plaintext)",
        "a redis:// URL (plaintext); use rediss://",
      ]);
      expect(plaintextConnections("AMQP://mq:5672 and amqps://mq:5671")).to.deep.equal([
        "an amqp:// URL (plaintext); use amqps://",
      ]);
    });

    it("other schemes, and text without a connection, are not judged", () => {
      expect(plaintextConnections("https://example.com/?sslmode=disable")).to.deep.equal([]);
      expect(plaintextConnections("mysql://h/app")).to.deep.equal([]);
      expect(plaintextConnections("localhost")).to.deep.equal([]);
      expect(plaintextConnections("")).to.deep.equal([]);
    });

    it("a libpq keyword DSN needs an encrypted sslmode; a URL's own text is not read as one", () => {
      expect(plaintextConnections("host=db dbname=app")).to.deep.equal([
        "a libpq keyword DSN with no sslmode",
      ]);
      expect(plaintextConnections("dbname=app host = db sslmode = prefer")).to.deep.equal([
        "a libpq keyword DSN with sslmode=prefer",
      ]);
      expect(plaintextConnections("HOST=db SSLMODE=verify-full")).to.deep.equal([]);
      expect(plaintextConnections("sslmode=require host=db")).to.deep.equal([]);
      // `ghost=` is not `host=`, and a sslmode inside another word is not one.
      expect(plaintextConnections("ghost=db")).to.deep.equal([]);
      expect(plaintextConnections("host=db nosslmode=require")).to.deep.equal([
        "a libpq keyword DSN with no sslmode",
      ]);
      expect(plaintextConnections("rediss://c:6379/?host=db")).to.deep.equal([]);
    });

    it("a PgBouncer configuration is judged by its two TLS modes, each defaulting to disable", () => {
      expect(
        plaintextConnections(
          "[databases]\napp = host=db dbname=app\n[pgbouncer]\nclient_tls_sslmode = require\nserver_tls_sslmode = verify-full\n",
        ),
      ).to.deep.equal([]);
      expect(plaintextConnections("  [pgbouncer]  \nclient_tls_sslmode=prefer\n")).to.deep.equal([
        "a PgBouncer configuration with client_tls_sslmode = prefer",
        "a PgBouncer configuration with server_tls_sslmode = disable (the default)",
      ]);
      // The section must be a line of its own; a mention is not a configuration.
      expect(plaintextConnections("see [pgbouncer] docs: host=db")).to.deep.equal([
        "a libpq keyword DSN with no sslmode",
      ]);
      expect(plaintextConnections("see [pgbouncer]\nhost=db")).to.deep.equal([
        "a libpq keyword DSN with no sslmode",
      ]);
      expect(plaintextConnections("[pgbouncer] is the pooler\nhost=db")).to.deep.equal([
        "a libpq keyword DSN with no sslmode",
      ]);
      // Keys are read at the start of a line only.
      expect(
        plaintextConnections(
          "[pgbouncer]\n;client_tls_sslmode = require\n server_tls_sslmode = require\n",
        ),
      ).to.deep.equal([
        "a PgBouncer configuration with client_tls_sslmode = disable (the default)",
      ]);
    });

    it("a set of settings reports each value by key, and PGHOST needs an encrypted PGSSLMODE", () => {
      expect(
        plaintextInSettings({ DATABASE_URL: "postgres://h/app", REDIS_URL: "rediss://c" }),
      ).to.deep.equal([
        "DATABASE_URL holds a PostgreSQL URL with no sslmode (libpq falls back to plaintext)",
      ]);
      expect(plaintextInSettings({ PGHOST: "db" })).to.deep.equal([
        "PGHOST is set with no PGSSLMODE (libpq falls back to plaintext)",
      ]);
      expect(plaintextInSettings({ PGHOST: "db", PGSSLMODE: "verify-full" })).to.deep.equal([]);
      expect(plaintextInSettings({ PGHOST: "db", PGSSLMODE: "prefer" })).to.deep.equal([
        "PGHOST is set with PGSSLMODE=prefer",
      ]);
      expect(plaintextInSettings({ PGSSLMODE: "disable" })).to.deep.equal([]);
    });
  });

  describe("no-plaintext-data-dsn", () => {
    const check = (...rs: ReturnType<typeof resource>[]) =>
      messages("no-plaintext-data-dsn", {}, rs);

    it("a Secret's stringData and its base64 data are both read", async () => {
      const s = resource(SECRET, "creds", {
        metadata: { name: "creds", namespace: "apps" },
        stringData: { DATABASE_URL: "postgres://h/app?sslmode=disable", PORT: 5432 },
        data: { REDIS_URL: Buffer.from("redis://c:6379").toString("base64") },
      });
      expect(await check(s)).to.deep.equal([
        `Secret apps/creds: stringData.DATABASE_URL holds a PostgreSQL URL with sslmode=disable; ${FIX}`,
        `Secret apps/creds: data.REDIS_URL holds a redis:// URL (plaintext); use rediss://; ${FIX}`,
      ]);
    });

    it("a ConfigMap's data is read", async () => {
      const cm = resource(CONFIG_MAP, "settings", {
        metadata: { name: "settings", namespace: "apps" },
        data: { AMQP_URL: "amqp://mq:5672", OK: "amqps://mq:5671" },
      });
      expect(await check(cm)).to.deep.equal([
        `ConfigMap apps/settings: data.AMQP_URL holds an amqp:// URL (plaintext); use amqps://; ${FIX}`,
      ]);
    });

    it("containers' and init containers' literal env values are read; references are not", async () => {
      const d = deployment("api", 2, {
        initContainers: [{ name: "migrate", env: [{ name: "PGHOST", value: "db" }] }],
        containers: [
          {
            name: "api",
            env: [
              { name: "DATABASE_URL", value: "postgres://h/app" },
              { name: "REDIS_URL", valueFrom: { secretKeyRef: { name: "s", key: "k" } } },
            ],
          },
        ],
      });
      expect(await check(d)).to.deep.equal([
        `Deployment apps/api: container api env.DATABASE_URL holds a PostgreSQL URL with no sslmode (libpq falls back to plaintext); ${FIX}`,
        `Deployment apps/api: container migrate env.PGHOST is set with no PGSSLMODE (libpq falls back to plaintext); ${FIX}`,
      ]);
    });

    it("a CronJob's job template is read", async () => {
      const cron = resource("kubernetes:batch/v1:CronJob", "maint", {
        metadata: { name: "maint", namespace: "apps" },
        spec: {
          jobTemplate: {
            spec: {
              template: {
                spec: { containers: [{ name: "job", env: [{ name: "U", value: "redis://c" }] }] },
              },
            },
          },
        },
      });
      expect(await check(cron)).to.deep.equal([
        `CronJob apps/maint: container job env.U holds a redis:// URL (plaintext); use rediss://; ${FIX}`,
      ]);
    });

    it("encrypted settings pass, and other kinds of object are not read", async () => {
      expect(
        await check(
          resource(SECRET, "ok", {
            metadata: { name: "ok", namespace: "apps" },
            stringData: { DATABASE_URL: "postgres://h/app?sslmode=require" },
          }),
          resource("kubernetes:core/v1:Service", "svc", {
            metadata: { name: "svc", namespace: "apps" },
            data: { U: "redis://c" },
            stringData: { U: "redis://c" },
            spec: {
              template: {
                spec: { containers: [{ name: "c", env: [{ name: "U", value: "redis://c" }] }] },
              },
            },
          }),
        ),
      ).to.deep.equal([]);
    });
  });

  describe("no-plaintext-k8s-secrets", () => {
    const withEnv = (env: unknown[]) =>
      messages("no-plaintext-k8s-secrets", {}, [
        deployment("api", 2, { containers: [{ name: "api", env }] }),
      ]);
    const literal = (name: string) =>
      `Deployment apps/api: container api env ${name} looks like a credential but is a literal value; use valueFrom.secretKeyRef`;

    it("a credential-named variable with a literal value fails, in any letter case", async () => {
      for (const name of [
        "DB_PASSWORD",
        "PASSWD",
        "app_secret",
        "GITHUB_TOKEN",
        "API_KEY",
        "APIKEY",
        "SSH_PRIVATE_KEY",
        "CREDENTIAL",
        "AWS_CREDENTIALS",
      ])
        expect(await withEnv([{ name, value: "x" }])).to.deep.equal([literal(name)]);
    });

    it("names that only contain a credential word, references and empty values pass", async () => {
      expect(
        await withEnv([
          { name: "PASSWORD_FILE", value: "/run/secrets/pw" },
          { name: "TOKEN_TTL", value: "3600" },
          { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "s", key: "pw" } } },
          { name: "DB_PASSWORD", value: "" },
          { name: "REPLICAS", value: 3 },
        ]),
      ).to.deep.equal([]);
    });

    it("a URL with a password fails whatever the variable is called; one without passes", async () => {
      expect(await withEnv([{ name: "UPSTREAM", value: "https://u:p4ss@h/x" }])).to.deep.equal([
        "Deployment apps/api: container api env UPSTREAM holds a URL with a password in plain text; use valueFrom.secretKeyRef",
      ]);
      expect(
        await withEnv([
          { name: "UPSTREAM", value: "https://u@h/x" },
          { name: "MIRROR", value: "https://h:8443/x" },
        ]),
      ).to.deep.equal([]);
    });

    it("init containers and CronJobs are read too", async () => {
      expect(
        await messages("no-plaintext-k8s-secrets", {}, [
          deployment("api", 2, {
            initContainers: [{ name: "init", env: [{ name: "TOKEN", value: "t" }] }],
          }),
        ]),
      ).to.deep.equal([
        "Deployment apps/api: container init env TOKEN looks like a credential but is a literal value; use valueFrom.secretKeyRef",
      ]);
      const cron = resource("kubernetes:batch/v1:CronJob", "job", {
        metadata: { name: "job", namespace: "apps" },
        spec: {
          jobTemplate: {
            spec: {
              template: {
                spec: { containers: [{ name: "c", env: [{ name: "SECRET", value: "s" }] }] },
              },
            },
          },
        },
      });
      expect(await messages("no-plaintext-k8s-secrets", {}, [cron])).to.deep.equal([
        "CronJob apps/job: container c env SECRET looks like a credential but is a literal value; use valueFrom.secretKeyRef",
      ]);
    });

    it("a ConfigMap value holding a URL with a password fails; other values pass", async () => {
      const cm = resource(CONFIG_MAP, "cfg", {
        metadata: { name: "cfg", namespace: "apps" },
        data: { DSN: "amqps://user:pw@mq:5671", HOST: "mq", PASSWORD: "not-judged-here" },
      });
      expect(await messages("no-plaintext-k8s-secrets", {}, [cm])).to.deep.equal([
        "ConfigMap apps/cfg: data.DSN holds a URL with a password; credentials belong in a Secret",
      ]);
    });

    it("other kinds of object are not read", async () => {
      expect(
        await messages("no-plaintext-k8s-secrets", {}, [
          resource(SECRET, "s", {
            metadata: { name: "s", namespace: "apps" },
            data: { DSN: "amqps://user:pw@mq:5671" },
            spec: {
              template: {
                spec: { containers: [{ name: "c", env: [{ name: "TOKEN", value: "t" }] }] },
              },
            },
          }),
        ]),
      ).to.deep.equal([]);
    });
  });

  describe("public-endpoint-protected", () => {
    const A = (k: string) => `${ALB_ANNOTATION_PREFIX}/${k}`;
    const protectedAnnotations = {
      [A("scheme")]: "internet-facing",
      [A("certificate-arn")]: "arn:aws:acm:us-east-1:1:certificate/x",
      [A("listen-ports")]: '[{"HTTP": 80}, {"HTTPS": 443}]',
      [A("ssl-redirect")]: "443",
      [A("wafv2-acl-arn")]: "arn:aws:wafv2:us-east-1:1:regional/webacl/x",
    };
    const ingress = (annotations: Record<string, string>) =>
      resource("kubernetes:networking.k8s.io/v1:Ingress", "web", {
        metadata: { name: "web", namespace: "apps", annotations },
        spec: {},
      });
    const acl = (limit: unknown, endpoint = "apps/web") =>
      resource("aws:wafv2/webAcl:WebAcl", "acl", {
        tags: { [ENDPOINT_TAG]: endpoint },
        rules: [
          { name: "managed", statement: { managedRuleGroupStatement: {} } },
          ...(limit === undefined
            ? []
            : [{ name: "rate", statement: { rateBasedStatement: { limit } } }]),
        ],
      });
    const check = (...rs: ReturnType<typeof resource>[]) =>
      messages("public-endpoint-protected", {}, rs);
    const noRate = `Ingress apps/web: no rate limit: no web ACL tagged ${ENDPOINT_TAG}=apps/web has a rate-based rule`;

    it("an internet-facing Ingress with TLS, a redirect, a WAF and a rate-limited ACL passes", async () => {
      expect(await check(ingress(protectedAnnotations), acl(2000))).to.deep.equal([]);
      // A limit not known yet in a preview still counts as set.
      expect(await check(ingress(protectedAnnotations), acl("unknown"))).to.deep.equal([]);
    });

    it("internal Ingresses are not judged", async () => {
      expect(await check(ingress({ [A("scheme")]: "internal" }))).to.deep.equal([]);
      expect(await check(ingress({}))).to.deep.equal([]);
    });

    it("no certificate, or no HTTPS listener, is no TLS", async () => {
      const tls = `Ingress apps/web: internet-facing without TLS (no ${A("certificate-arn")} on an HTTPS listener)`;
      const noCert = { ...protectedAnnotations };
      delete noCert[A("certificate-arn")];
      expect(await check(ingress(noCert), acl(100))).to.deep.equal([tls]);
      expect(
        await check(
          ingress({ ...protectedAnnotations, [A("listen-ports")]: '[{"HTTP": 80}]' }),
          acl(100),
        ),
      ).to.deep.equal([tls]);
      const noPorts = { ...protectedAnnotations };
      delete noPorts[A("listen-ports")];
      expect(await check(ingress(noPorts), acl(100))).to.deep.equal([tls]);
    });

    it("TLS without a redirect serves plain HTTP", async () => {
      const open = { ...protectedAnnotations };
      delete open[A("ssl-redirect")];
      expect(await check(ingress(open), acl(100))).to.deep.equal([
        `Ingress apps/web: plain HTTP is served; set ${A("ssl-redirect")} to redirect it to HTTPS`,
      ]);
    });

    it("no WAF annotation fails", async () => {
      const bare = { ...protectedAnnotations };
      delete bare[A("wafv2-acl-arn")];
      expect(await check(ingress(bare), acl(100))).to.deep.equal([
        `Ingress apps/web: internet-facing without a WAF web ACL (${A("wafv2-acl-arn")})`,
      ]);
    });

    it("a rate limit of 0, none, an untagged ACL or one tagged for another endpoint is no rate limit", async () => {
      expect(await check(ingress(protectedAnnotations), acl(0))).to.deep.equal([noRate]);
      expect(await check(ingress(protectedAnnotations), acl(undefined))).to.deep.equal([noRate]);
      expect(await check(ingress(protectedAnnotations), acl(100, "apps/other"))).to.deep.equal([
        noRate,
      ]);
      const untagged = acl(100);
      delete untagged.inputs.tags;
      expect(await check(ingress(protectedAnnotations), untagged)).to.deep.equal([noRate]);
      expect(await check(ingress(protectedAnnotations))).to.deep.equal([noRate]);
      // A limit of 1 is a limit.
      expect(await check(ingress(protectedAnnotations), acl(1))).to.deep.equal([]);
    });

    it("an Ingress without a namespace is the default namespace's endpoint", async () => {
      const ing = ingress(protectedAnnotations);
      delete ing.inputs.metadata.namespace;
      expect(await check(ing, acl(100, "default/web"))).to.deep.equal([]);
    });

    describe("CloudFront distributions", () => {
      const distribution = (props: Record<string, unknown>) =>
        resource("aws:cloudfront/distribution:Distribution", "cdn", {
          defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https" },
          viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:1:certificate/x" },
          webAclId: "arn:aws:wafv2:us-east-1:1:global/webacl/x",
          ...props,
        });

      it("HTTPS-only or redirecting viewers, its own certificate and a WAF pass", async () => {
        expect(await check(distribution({}))).to.deep.equal([]);
        expect(
          await check(
            distribution({ defaultCacheBehavior: { viewerProtocolPolicy: "https-only" } }),
          ),
        ).to.deep.equal([]);
        expect(
          await check(distribution({ viewerCertificate: { cloudfrontDefaultCertificate: false } })),
        ).to.deep.equal([]);
      });

      it("plain HTTP viewers, the default certificate or no WAF each fail", async () => {
        expect(
          await check(
            distribution({ defaultCacheBehavior: { viewerProtocolPolicy: "allow-all" } }),
          ),
        ).to.deep.equal([
          "Distribution cdn: viewers may use plain HTTP (viewerProtocolPolicy allow-all)",
        ]);
        expect(
          await check(distribution({ viewerCertificate: { cloudfrontDefaultCertificate: true } })),
        ).to.deep.equal([
          "Distribution cdn: serves the default *.cloudfront.net certificate, not one for its hosts",
        ]);
        const d = distribution({});
        delete d.inputs.webAclId;
        expect(await check(d)).to.deep.equal(["Distribution cdn: no WAF web ACL (webAclId)"]);
      });
    });
  });
});
