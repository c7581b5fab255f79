import { expect } from "chai";
import { inspect } from "util";
import { ConfigError } from "../../stacks/errors";
import { parseStackConfig, readStackConfig, SecretValue, stackFilePath } from "../../stacks/load";
import { cronProblem } from "../../stacks/schema/common";
import { RENDER_SECRET_KEYS } from "../../stacks/schema/secrets";

/** The problems of a stack's config map after `edit`, as the loader reports them. */
function problems(
  environment: string,
  edit: (config: Record<string, string>) => void,
  secretKeys: string[] = [],
): { key: string; message: string; value?: unknown }[] {
  const config = readStackConfig(stackFilePath(environment));
  edit(config);
  try {
    parseStackConfig(environment, config, `Pulumi.${environment}.yaml`, secretKeys);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  return [];
}

describe("stack config keys outside platform:", () => {
  it("refuses a key under an unknown namespace, suggesting the namespace it was meant for", () => {
    expect(problems("dev", (c) => (c["plattform:cluster"] = "{}"))).to.deep.include({
      key: "plattform:cluster",
      message:
        'is under "plattform:", a namespace this program does not read; did you mean platform:cluster? (settings live under platform:, see docs/configuration.md)',
    });
  });

  it("a key without a namespace is refused, even one that starts with platform", () => {
    expect(problems("dev", (c) => (c["platformx"] = "1"))).to.deep.equal([
      {
        key: "platformx",
        message:
          "has no namespace; did you mean platform:platformx? (settings live under platform:, see docs/configuration.md)",
      },
    ]);
  });

  it("a namespace like no known one is refused without a guess", () => {
    expect(problems("dev", (c) => (c["qqqqqq:zone"] = "1"))).to.deep.equal([
      {
        key: "qqqqqq:zone",
        message:
          'is under "qqqqqq:", a namespace this program does not read (settings live under platform:, see docs/configuration.md)',
      },
    ]);
  });

  it("an empty namespace is refused as a namespace the program does not read", () => {
    expect(problems("dev", (c) => (c[":zone"] = "1")).map((p) => p.message)).to.deep.equal([
      'is under ":", a namespace this program does not read (settings live under platform:, see docs/configuration.md)',
    ]);
  });

  it("a provider key's plain text value is shown with the problem, as the stack file has it", () => {
    const [found] = problems("dev", (c) => (c["aws:region"] = "eu-west-1"));
    expect(found.value).to.equal("eu-west-1");
  });

  it("refuses provider keys the program's explicit providers never read, saying where the setting lives", () => {
    const found = problems("dev", (c) => {
      c["aws:region"] = "eu-west-1";
      c["kubernetes:context"] = "prod";
    });
    expect(found.map((p) => p.key)).to.deep.equal(["aws:region", "kubernetes:context"]);
    expect(found[0].message).to.match(/platform:aws\.region and credentials from the environment/);
  });

  it("allows the engine's pulumi:disable-default-providers and refuses other pulumi: keys", () => {
    expect(problems("dev", (c) => (c["pulumi:disable-default-providers"] = '["*"]'))).to.deep.equal(
      [],
    );
    expect(problems("dev", (c) => (c["pulumi:tags"] = "{}")).map((p) => p.key)).to.deep.equal([
      "pulumi:tags",
    ]);
  });

  it("requires every render secret when rendering, and suggests the right name for a misspelt one", () => {
    const found = problems("local", (c) => {
      c["render:cachePasword"] = c["render:cachePassword"];
      delete c["render:cachePassword"];
    });
    expect(found).to.deep.include({
      key: "render:cachePasword",
      message: `is not a render secret; did you mean render:cachePassword? (known: ${Object.values(
        RENDER_SECRET_KEYS,
      )
        .map((k) => `render:${k}`)
        .join(", ")})`,
    });
    expect(found).to.deep.include({
      key: "render:cachePassword",
      message: "is not set; set it with: pulumi config set --secret render:cachePassword <value>",
    });
  });

  it("accepts render secrets the engine hands over decrypted and marked secret, refuses them in plain text", () => {
    const keys = Object.values(RENDER_SECRET_KEYS).map((k) => `render:${k}`);
    const plain = (c: Record<string, string>) => keys.forEach((k) => (c[k] = "decrypted-value"));
    expect(problems("local", plain, keys)).to.deep.equal([]);
    const found = problems("local", plain);
    expect(found.map((p) => p.key)).to.deep.equal(keys);
    expect(JSON.stringify(found)).to.not.include("decrypted-value");
  });
});

describe("secret values", () => {
  it("never show their text: not as JSON, a string or in inspect output", () => {
    const s = new SecretValue("https://hooks.example.org/T/B/secret-token", undefined);
    expect(JSON.stringify({ s })).to.not.include("secret-token");
    expect(`${s}`).to.equal("[secret]");
    expect(inspect({ s })).to.not.include("secret-token");
  });

  it("a webhook URL the engine decrypted is still checked to be a URL, without showing it", () => {
    const found = problems(
      "prod",
      (c) => (c["platform:alertWebhookUrl"] = "not-a-url-secret-token"),
      ["platform:alertWebhookUrl"],
    );
    expect(found).to.deep.equal([
      {
        key: "platform:alertWebhookUrl",
        message: "must be an http(s) URL (the value is a secret and is not shown)",
      },
    ]);
  });
});

describe("CronJob schedules", () => {
  it("accepts what Kubernetes runs: five fields, lists, ranges, steps, names and descriptors", () => {
    for (const ok of [
      "15 1 * * *",
      "*/5 * * * *",
      "0 3 * * 1-5",
      "0 0 1,15 * *",
      "30 2 * JAN,JUL SUN",
      "@daily",
      "0 0 ? * MON",
    ])
      expect(cronProblem(ok), ok).to.equal(undefined);
  });

  it("refuses values out of range, naming the field and its range", () => {
    expect(cronProblem("75 1 * * *")).to.equal(
      "minute 75 is out of range; the minute field takes 0-59",
    );
    expect(cronProblem("0 24 * * *")).to.match(/^hour 24 is out of range/);
    expect(cronProblem("0 0 * * 7")).to.match(/^day of week 7 is out of range; .* 0-6/);
  });

  it("refuses what Kubernetes' parser does not understand: seconds, L/W/#/H, time zones, schedules that never fire", () => {
    expect(cronProblem("0 15 1 * * *")).to.match(/has 6 fields/);
    expect(cronProblem("0 0 L * *")).to.match(/L, W, # or H/);
    expect(cronProblem("0 0 * * 1#2")).to.match(/L, W, # or H/);
    expect(cronProblem("CRON_TZ=UTC 0 0 * * *")).to.match(/time zone/);
    expect(cronProblem("0 0 31 2 *")).to.match(/not a valid cron schedule/);
    expect(cronProblem("@every 1h")).to.match(/not a schedule descriptor/);
  });

  it("reads fields as Kubernetes does: surrounding and repeated spaces are accepted", () => {
    for (const ok of ["  15 1 * * *  ", "15  1 *\t* *"])
      expect(cronProblem(ok), ok).to.equal(undefined);
  });

  it("refuses a time zone prefix with or without CRON_, and names a time zone elsewhere by the field count", () => {
    const zone =
      "a time zone in the schedule is refused by Kubernetes CronJobs; write the schedule in UTC";
    expect(cronProblem("TZ=Europe/London 0 1 * * *")).to.equal(zone);
    expect(cronProblem(" CRON_TZ=UTC 0 1 * * *")).to.equal(zone);
    expect(cronProblem("0 1 * * * TZ=UTC")).to.equal(
      "has 6 fields; a Kubernetes CronJob takes five (minute hour day-of-month month day-of-week), like '15 1 * * *'",
    );
  });

  it("an unknown descriptor is refused, listing the ones Kubernetes knows", () => {
    expect(cronProblem("@fortnightly")).to.equal(
      "is not a schedule descriptor Kubernetes knows (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)",
    );
  });
});
