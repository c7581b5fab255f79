import { expect } from "chai";
import {
  editedConfig,
  OFFLINE_SECRET_STAND_INS,
  type ProgramRun,
  type RegisteredResource,
} from "../../scripts/lib/program";
import { ConfigError, loadEnvironment } from "../../stacks";
import { monitoringContent } from "../../stacks/areas/monitoring";
import { ofType, one, run, runFailing } from "../helpers/program";

// Test-only stand-in for a chat webhook; distinctive so any leak of it is found.
const WEBHOOK = "https://hooks.example.org/services/T0MONITOR/B0TEST/WebhookSecretToken42";

/** Paths of `value` (dot-separated, like secretPaths) whose string contains `needle`. */
function pathsContaining(value: unknown, needle: string, at = ""): string[] {
  if (typeof value === "string") return value.includes(needle) ? [at] : [];
  if (Array.isArray(value))
    return value.flatMap((v, i) => pathsContaining(v, needle, `${at}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) =>
      pathsContaining(v, needle, at ? `${at}.${k}` : k),
    );
  return [];
}
const isSecretAt = (res: RegisteredResource, path: string) =>
  res.secretPaths.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
const WEBHOOK_KEY = "platform:alertWebhookUrl";
const withWebhook = (stack: string, value: unknown = WEBHOOK) =>
  editedConfig(stack, (s) => {
    s.monitoring.routes = { critical: ["sns", "webhook"], warning: ["webhook"], info: ["webhook"] };
    s.alertWebhookUrl = value;
  });

describe("monitoring secrets", () => {
  let r: ProgramRun;
  before(async () => {
    // As the engine hands it over after `pulumi config set --secret`: decrypted, marked secret.
    r = await run({ stack: "prod", config: withWebhook("prod"), secretKeys: [WEBHOOK_KEY] });
  });

  it("the webhook URL is only ever in a Kubernetes Secret, at an input marked secret", () => {
    const holders = r.resources.flatMap((res) =>
      pathsContaining(res.inputs, WEBHOOK).map((path) => ({ res, path })),
    );
    expect(holders.map((h) => `${h.res.type} ${h.res.name} ${h.path}`)).to.deep.equal([
      "kubernetes:core/v1:Secret monitoring-am-alertmanager-webhook stringData.url",
    ]);
    expect(isSecretAt(holders[0].res, holders[0].path)).to.equal(true);
    expect(JSON.stringify(r.outputs)).to.not.include(WEBHOOK);
  });

  it("Alertmanager reads the webhook URL from the mounted Secret file, so its configuration holds no URL", () => {
    const config = one(r, "kubernetes:core/v1:Secret", "monitoring-alertmanager-config").inputs
      .stringData["alertmanager.yaml"] as string;
    expect(config).to.include("url_file: /etc/alertmanager/secrets/alertmanager-webhook/url");
    const values = one(r, "kubernetes:helm.sh/v3:Release", "monitoring-release").inputs.values;
    expect(values.alertmanager.alertmanagerSpec.secrets).to.deep.equal(["alertmanager-webhook"]);
  });

  it("critical alerts go to SNS and the webhook, warnings to the webhook only", () => {
    const config = one(r, "kubernetes:core/v1:Secret", "monitoring-alertmanager-config").inputs
      .stringData["alertmanager.yaml"] as string;
    const routes = config.slice(config.indexOf("routes:"), config.indexOf("inhibit_rules:"));
    expect(
      routes
        .match(/receiver: \w+\n\s+matchers:\n\s+- severity="critical"/g)!
        .map((m) => m.split("\n")[0].trim()),
    ).to.deep.equal(["receiver: sns", "receiver: webhook"]);
    expect(
      routes
        .match(/receiver: \w+\n\s+matchers:\n\s+- severity="warning"/g)!
        .map((m) => m.split("\n")[0].trim()),
    ).to.deep.equal(["receiver: webhook"]);
  });

  it("no manifest other than a secret-marked Secret carries the Grafana password or the webhook URL", () => {
    const password = one(
      r,
      "random:index/randomPassword:RandomPassword",
      "monitoring-grafana-password",
    ).outputs.result as string;
    for (const needle of [password, WEBHOOK]) {
      for (const res of ofType(r, "kubernetes:core/v1:Secret").concat(
        r.resources.filter(
          (x) => x.type.startsWith("kubernetes:") && x.type !== "kubernetes:core/v1:Secret",
        ),
      )) {
        for (const path of pathsContaining(res.inputs, needle)) {
          expect(res.type, `${res.name} ${path}`).to.equal("kubernetes:core/v1:Secret");
          expect(isSecretAt(res, path), `${res.name} ${path}`).to.equal(true);
        }
      }
    }
  });
});

describe("monitoring configuration errors", () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const failure = async (edit: (s: Record<string, any>) => void, secretKeys: string[] = []) =>
    (await runFailing({ stack: "prod", config: editedConfig("prod", edit), secretKeys })).message;

  it("a route to the webhook without platform:alertWebhookUrl names the route and how to set the secret", async () => {
    const msg = await failure((s) => (s.monitoring.routes = { warning: ["webhook"] }));
    expect(msg).to.include("platform:monitoring.routes.warning");
    expect(msg).to.include("pulumi config set --secret platform:alertWebhookUrl");
  });

  it("a webhook value that is not a URL is refused without printing it", async () => {
    const msg = await failure(
      (s) => {
        s.alertWebhookUrl = "not-a-url-but-a-secret-token";
        s.monitoring.routes = { warning: ["webhook"] };
      },
      [WEBHOOK_KEY],
    );
    expect(msg).to.include(
      "platform:alertWebhookUrl: must be an http(s) URL (the value is a secret and is not shown)",
    );
    expect(msg).to.not.include("not-a-url-but-a-secret-token");
  });

  it("a webhook URL stored in plain text is refused, naming the command that encrypts it, without printing it", async () => {
    const msg = await failure((s) => {
      s.alertWebhookUrl = WEBHOOK;
      s.monitoring.routes = { warning: ["webhook"] };
    });
    expect(msg).to.include(`${WEBHOOK_KEY}: is stored in plain text in Pulumi.prod.yaml`);
    expect(msg).to.include(`pulumi config set --secret ${WEBHOOK_KEY} <url>`);
    expect(msg).to.not.include(WEBHOOK);
  });

  it("an unknown receiver kind names the route entry and the allowed kinds", async () => {
    const msg = await failure((s) => (s.monitoring.routes = { critical: ["pager"] }));
    expect(msg).to.include("platform:monitoring.routes.critical.0");
    expect(msg).to.include("must be one of sns, webhook");
  });

  it("critical alerts routed only to SNS with no e-mail subscriber are refused", async () => {
    const msg = await failure((s) => (s.monitoring.receivers = { emails: [] }));
    expect(msg).to.include("platform:monitoring.receivers.emails");
    expect(msg).to.include("would reach nobody");
  });

  it("a custom rule reading an unknown metric names the rule's expression and where metrics come from", async () => {
    const msg = await failure((s) => {
      s.monitoring.alerting.customRules = [
        {
          alert: "QueueStuck",
          expr: "rabbitmq_queue_messages_typo > 10",
          severity: "warning",
          summary: "stuck",
          description: "stuck",
        },
      ];
    });
    expect(msg).to.include("platform:monitoring.alerting.customRules.0.expr");
    expect(msg).to.include("reads unknown metric rabbitmq_queue_messages_typo");
  });

  it("a warning CPU threshold at or above the critical one, or a percentage over 100, is refused by name", async () => {
    const msg = await failure((s) => {
      s.monitoring.alerting.thresholds = {
        nodeCpu: { warningPercent: 96 },
        nodeMemory: { warningPercent: 120 },
      };
    });
    expect(msg).to.include(
      "platform:monitoring.alerting.thresholds.nodeCpu.warningPercent = 96: must be below criticalPercent (95)",
    );
    expect(msg).to.include(
      "platform:monitoring.alerting.thresholds.nodeMemory.warningPercent = 120: must be a percentage less than 100",
    );
  });

  it("input the monitoring builders refuse (their own error type) reaches the user as the environment's ConfigError", () => {
    // The schema refuses this first; here the resolved environment is edited to reach the builder.
    const env = loadEnvironment("prod");
    const [name, service] = Object.entries(env.services)[0];
    env.services[name] = { ...service, latencyObjectiveMs: 0 };
    let thrown: unknown;
    try {
      monitoringContent(env, Object.fromEntries(Object.keys(env.workers).map((w) => [w, 10])));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).to.be.instanceOf(ConfigError);
    expect((thrown as ConfigError).source).to.equal("monitoring targets");
    expect((thrown as ConfigError).problems[0]).to.include({
      key: `platform:services.${name}.latencyObjectiveMs`,
      value: 0,
    });
  });

  it("an environment without platform:monitoring builds without any monitoring resource", async () => {
    const r = await run({ stack: "dev", config: editedConfig("dev", (s) => delete s.monitoring) });
    expect(r.resources.filter((x) => x.type.startsWith("platform:monitoring:"))).to.have.length(0);
    expect(r.outputs).to.not.have.property("alertTopicArn");
  });

  it("a valid custom rule is rendered into the PrometheusRule beside the generated ones", async () => {
    const r = await run({
      stack: "prod",
      config: editedConfig("prod", (s) => {
        s.monitoring.alerting.customRules = [
          {
            alert: "PgbouncerDown",
            expr: "pgbouncer_up == 0",
            for: "1m",
            severity: "critical",
            summary: "PgBouncer down",
            description: "pgbouncer_up is 0",
          },
        ];
      }),
    });
    const groups = one(r, "kubernetes:monitoring.coreos.com/v1:PrometheusRule").inputs.spec
      .groups as { name: string; rules: { alert: string }[] }[];
    expect(
      groups.find((g) => g.name === "platform.custom")!.rules.map((x) => x.alert),
    ).to.deep.equal(["PgbouncerDown"]);
  });
});

describe("a secure webhook value in the stack file (pulumi config set --secret)", () => {
  it("is accepted by the offline run: the Alertmanager Secret holds a stand-in marked secret, not the ciphertext", async () => {
    // What `pulumi config set --secret` writes: `platform:alertWebhookUrl: { secure: v1:... }`.
    const ciphertext = "v1:AAAAAAAAAAAAAAAA:dGhpcyBpcyBub3QgYSByZWFsIGNpcGhlcnRleHQ=";
    const r = await run({ stack: "prod", config: withWebhook("prod", { secure: ciphertext }) });
    const secret = one(r, "kubernetes:core/v1:Secret", "monitoring-am-alertmanager-webhook");
    expect(secret.inputs.stringData.url).to.equal(OFFLINE_SECRET_STAND_INS.url);
    expect(isSecretAt(secret, "stringData.url")).to.equal(true);
    expect(JSON.stringify(r.resources.map((x) => x.inputs))).to.not.include(ciphertext);
  });
});
