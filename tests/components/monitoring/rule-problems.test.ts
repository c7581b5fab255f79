// How buildAlertRules (components/monitoring/rules/render.ts) reports a bad alerting config: the
// key under the caller's config key, and the value only when it is short enough to read.
import { expect } from "chai";
import { MonitoringInputError } from "../../../components/monitoring/errors";
import {
  type AlertRulesInput,
  buildAlertRules,
  isKnownMetric,
  promTemplates,
} from "../../../components/monitoring/rules";
import { devInput } from "./inputs";

function errorOf(input: AlertRulesInput): MonitoringInputError {
  try {
    buildAlertRules(input);
  } catch (err) {
    expect(err).to.be.instanceOf(MonitoringInputError);
    return err as MonitoringInputError;
  }
  throw new Error("expected a MonitoringInputError");
}
const withAlerting = (alerting: object): AlertRulesInput => ({
  ...devInput,
  alerting: { ...devInput.alerting, ...alerting } as AlertRulesInput["alerting"],
});

describe("alerting config problems (components/monitoring/rules/render.ts)", () => {
  it("the error names the alert-rule builder and the environment", () => {
    const err = errorOf(withAlerting({ runbookBaseUrl: "runbooks" }));
    expect(err.source).to.equal("alert rules");
    expect(err.environment).to.equal("dev");
    expect(err.message).to.equal(
      'invalid alert rules for environment "dev":\n' +
        '  - platform:monitoring.alerting.runbookBaseUrl = "runbooks": must be an http(s) URL',
    );
  });

  it("keys start with the caller's config key when it passes one", () => {
    const err = errorOf({
      ...withAlerting({ runbookBaseUrl: "runbooks" }),
      configKey: "platform:alerting",
    });
    expect(err.problems.map((p) => p.key)).to.deep.equal(["platform:alerting.runbookBaseUrl"]);
  });

  it("a text value is shown up to 40 characters; a longer one is named by its key only", () => {
    const at40 = `ftp://${"x".repeat(34)}`;
    expect(errorOf(withAlerting({ runbookBaseUrl: at40 })).problems).to.deep.equal([
      {
        key: "platform:monitoring.alerting.runbookBaseUrl",
        message: "must be an http(s) URL",
        value: at40,
      },
    ]);
    expect(errorOf(withAlerting({ runbookBaseUrl: `${at40}x` })).problems).to.deep.equal([
      { key: "platform:monitoring.alerting.runbookBaseUrl", message: "must be an http(s) URL" },
    ]);
  });

  it("numbers are shown; objects and missing values are not", () => {
    const err = errorOf(
      withAlerting({
        thresholds: { nodeMemory: { warningPercent: 100 }, nodeCPU: {} },
        customRules: [
          {
            alert: "Labelled",
            expr: "up == 0",
            severity: "warning",
            summary: "s",
            description: "d",
            labels: { severity: "page" },
          },
        ],
      }),
    );
    expect(err.problems).to.deep.equal([
      {
        key: "platform:monitoring.alerting.thresholds.nodeMemory.warningPercent",
        message: "must be a percentage less than 100",
        value: 100,
      },
      {
        key: "platform:monitoring.alerting.thresholds",
        message: 'Unrecognized key: "nodeCPU"',
      },
      {
        key: "platform:monitoring.alerting.customRules[0].labels",
        message: "must not set severity, environment or alertname; use the severity field",
      },
    ]);
    const missing = errorOf({ ...devInput, alerting: {} as AlertRulesInput["alerting"] });
    expect(missing.problems).to.have.length(1);
    expect(missing.problems[0]).to.not.have.property("value");
  });

  it("templates write a label the rule sets literally and any other as $labels, with the value's decimals", () => {
    const t = promTemplates(2, { service: "api" });
    expect(t.label("service")).to.equal("api");
    expect(t.label("pod")).to.equal("{{ $labels.pod }}");
    expect(t.value).to.equal('{{ printf "%.2f" $value }}');
    expect(promTemplates(0).label("instance")).to.equal("{{ $labels.instance }}");
  });

  it("a metric no exporter publishes is unknown unless the environment declares it", () => {
    expect(isKnownMetric("http_requests_total")).to.equal(true);
    expect(isKnownMetric("my_app_jobs_total")).to.equal(false);
    expect(isKnownMetric("my_app_jobs_total", ["my_app_jobs_total"])).to.equal(true);
  });
});
