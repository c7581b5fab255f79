import { expect } from "chai";
import YAML from "yaml";
import {
  type AlertmanagerInput,
  alertmanagerSecretNames,
  buildAlertmanagerConfig,
  inlineWebhookUrls,
  renderAlertmanagerConfig,
} from "../../../components/monitoring/alertmanager";
import { MonitoringInputError } from "../../../components/monitoring";
import { prodAlertmanager } from "./alertmanager-inputs";

function inputErrorOf(fn: () => unknown): MonitoringInputError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(MonitoringInputError);
    return err as MonitoringInputError;
  }
  throw new Error("expected a MonitoringInputError");
}

describe("alertmanager configuration", function () {
  const config = buildAlertmanagerConfig(prodAlertmanager);
  const routes = config.route.routes!;

  it("routes each severity to every receiver configured for it, in order, then stops", function () {
    const bySeverity = (sev: string) =>
      routes.filter((r) => r.matchers?.includes(`severity="${sev}"`));
    expect(bySeverity("critical").map((r) => [r.receiver, r.continue ?? false])).to.deep.equal([
      ["oncall-sns", true],
      ["chat-webhook", false],
    ]);
    expect(bySeverity("warning").map((r) => [r.receiver, r.continue ?? false])).to.deep.equal([
      ["chat-webhook", false],
    ]);
    expect(bySeverity("critical")[0].repeat_interval).to.equal("1h");
    expect(bySeverity("warning")[0].repeat_interval).to.equal("4h");
  });

  it("sends the always-firing Watchdog to a receiver with no integrations, before any severity route", function () {
    expect(routes[0]).to.deep.equal({
      receiver: "null",
      matchers: ['alertname=~"Watchdog|InfoInhibitor"'],
    });
    expect(config.receivers.find((r) => r.name === "null")).to.deep.equal({ name: "null" });
  });

  it("a critical alert inhibits the warning of the same alert on the same target only", function () {
    expect(config.inhibit_rules).to.have.length(1);
    const rule = config.inhibit_rules[0];
    expect(rule.source_matchers).to.deep.equal(['severity="critical"']);
    expect(rule.target_matchers).to.deep.equal(['severity="warning"']);
    expect(rule.equal).to.include.members([
      "alertname",
      "environment",
      "instance",
      "namespace",
      "service",
    ]);
  });

  it("groups by alert, environment, namespace and service with the documented timings by default", function () {
    expect(config.route.group_by).to.deep.equal([
      "alertname",
      "environment",
      "namespace",
      "service",
    ]);
    expect([config.route.group_wait, config.route.group_interval]).to.deep.equal(["30s", "5m"]);
    expect(config.route.receiver).to.equal("chat-webhook");
  });

  it("grouping and timings come from the input when given", function () {
    const custom = buildAlertmanagerConfig({
      ...prodAlertmanager,
      groupBy: ["alertname"],
      groupWait: "10s",
      repeatInterval: { critical: "30m" },
    });
    expect(custom.route.group_by).to.deep.equal(["alertname"]);
    expect(custom.route.group_wait).to.equal("10s");
    expect(custom.route.routes!.find((r) => r.receiver === "oncall-sns")!.repeat_interval).to.equal(
      "30m",
    );
  });

  it("publishes to SNS with SigV4 in the topic's region", function () {
    const sns = config.receivers.find((r) => r.name === "oncall-sns")!.sns_configs!;
    expect(sns).to.have.length(1);
    expect(sns[0]).to.include({
      topic_arn: "arn:aws:sns:eu-west-1:123456789012:platform-prod-alerts",
      send_resolved: true,
    });
    expect(sns[0].sigv4).to.deep.equal({ region: "eu-west-1" });
  });

  it("reads webhook URLs from the operator-mounted Secret file, so the rendered config holds no URL", function () {
    const hook = config.receivers.find((r) => r.name === "chat-webhook")!.webhook_configs![0];
    expect(hook).to.deep.equal({
      url_file: "/etc/alertmanager/secrets/alertmanager-chat-webhook/url",
      send_resolved: true,
    });
    expect(renderAlertmanagerConfig(config)).to.not.match(/\burl:/);
    expect(alertmanagerSecretNames(prodAlertmanager)).to.deep.equal(["alertmanager-chat-webhook"]);
  });

  it("the rendered YAML is exactly the config object", function () {
    expect(YAML.parse(renderAlertmanagerConfig(config))).to.deep.equal(config);
  });

  it("inlining webhook URLs swaps url_file for the URL and leaves the original untouched", function () {
    const inline = inlineWebhookUrls(config, {
      "alertmanager-chat-webhook/url": "https://hooks.example.org/x",
    });
    expect(
      inline.receivers.find((r) => r.name === "chat-webhook")!.webhook_configs![0],
    ).to.deep.equal({ url: "https://hooks.example.org/x", send_resolved: true });
    expect(
      config.receivers.find((r) => r.name === "chat-webhook")!.webhook_configs![0],
    ).to.have.property("url_file");
    expect(() => inlineWebhookUrls(config, {})).to.throw(
      "no URL given for webhook secret alertmanager-chat-webhook/url of receiver chat-webhook",
    );
  });

  it("rejects routes to unknown receivers, bad ARNs, region mismatches and bad durations, naming each field", function () {
    const bad: AlertmanagerInput = {
      environment: "prod",
      receivers: [
        {
          name: "sns",
          sns: [{ topicArn: "arn:aws:sns:eu-west-1:123456789012:alerts", region: "us-east-1" }],
        },
        {
          name: "broken",
          sns: [{ topicArn: "arn:aws:sqs:eu-west-1:123456789012:q", region: "eu-west-1" }],
        },
        { name: "empty" },
      ],
      routes: { critical: ["sns"], warning: ["pager"], info: [] },
      groupWait: "soon",
    };
    const err = inputErrorOf(() => buildAlertmanagerConfig(bad));
    expect(err.message).to.include(
      'receivers[0].sns[0].region = "us-east-1": must be the topic\'s region eu-west-1',
    );
    expect(err.message).to.include("receivers[1].sns[0].topicArn");
    expect(err.message).to.include('receivers[2] = "empty": has no SNS topic and no webhook');
    expect(err.message).to.include('routes.warning[0] = "pager": is not a receiver');
    expect(err.message).to.include('groupWait = "soon"');
  });

  it("refuses a configuration where critical alerts reach nobody", function () {
    const err = inputErrorOf(() =>
      buildAlertmanagerConfig({
        ...prodAlertmanager,
        routes: { critical: [], warning: ["chat-webhook"], info: [] },
      }),
    );
    expect(err.message).to.include("routes.critical");
  });
});
