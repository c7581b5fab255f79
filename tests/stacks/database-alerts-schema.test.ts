import { expect } from "chai";
import { ConfigError, parseEnvironment, settingsFromConfigMap } from "../../stacks";
import { editedConfig } from "../../scripts/lib/program";

const PREFIX = "platform:monitoring.alerting.thresholds";

/** The problems of the prod settings with an edit of the alert thresholds, or [] when accepted. */
function problems(thresholds: Record<string, unknown>): { key: string; message: string }[] {
  try {
    parseEnvironment(
      "prod",
      settingsFromConfigMap(
        editedConfig("prod", (s) => {
          s.monitoring.alerting.thresholds = { ...s.monitoring.alerting.thresholds, ...thresholds };
        }),
      ),
      "Pulumi.prod.yaml",
    );
    return [];
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
}

const parsed = () =>
  parseEnvironment(
    "prod",
    settingsFromConfigMap(editedConfig("prod", () => {})),
    "Pulumi.prod.yaml",
  ).monitoring!.alerting.thresholds;

describe("database alert thresholds (platform:monitoring.alerting.thresholds)", () => {
  it("default to the seed: lag warning above 100 ms and critical above 500 ms, statements over 2 s, pools over 70 %", () => {
    const t = parsed();
    expect(t.replicationLag).to.deep.equal({ warningMs: 100, criticalMs: 500, for: "5m" });
    expect(t.slowQueries).to.deep.equal({ warningSeconds: 2, for: "5m" });
    expect(t.poolUse).to.deep.equal({ warningPercent: 70, for: "5m" });
  });

  it("refuse a lag warning above the critical level, naming warningMs", () => {
    const found = problems({ replicationLag: { warningMs: 800, criticalMs: 500 } });
    const p = found.find((x) => x.key === `${PREFIX}.replicationLag.warningMs`);
    expect(p, JSON.stringify(found)).to.not.equal(undefined);
    expect(p!.message).to.equal("must be below criticalMs (500) so the warning comes first");
  });

  it("refuse a lag warning equal to the critical level, and accept one a millisecond below", () => {
    expect(
      problems({ replicationLag: { warningMs: 500, criticalMs: 500 } }).map((p) => p.key),
    ).to.deep.equal([`${PREFIX}.replicationLag.warningMs`]);
    expect(problems({ replicationLag: { warningMs: 499, criticalMs: 500 } })).to.deep.equal([]);
  });

  for (const key of ["warningMs", "criticalMs"]) {
    it(`refuse a negative or zero lag ${key}, naming the key`, () => {
      for (const value of [-100, 0]) {
        const found = problems({ replicationLag: { [key]: value } });
        const p = found.find((x) => x.key === `${PREFIX}.replicationLag.${key}`);
        expect(p, `${value}: ${JSON.stringify(found)}`).to.not.equal(undefined);
        expect(p!.message).to.equal("must be more than 0 ms");
      }
    });
  }

  it("refuse a negative slow-statement threshold and a pool use of 100 % or more, naming the key", () => {
    expect(
      problems({ slowQueries: { warningSeconds: -2 } }).find(
        (x) => x.key === `${PREFIX}.slowQueries.warningSeconds`,
      )?.message,
    ).to.equal("must be more than 0 seconds");
    expect(
      problems({ poolUse: { warningPercent: 100 } }).find(
        (x) => x.key === `${PREFIX}.poolUse.warningPercent`,
      )?.message,
    ).to.equal("must be a percentage less than 100");
  });

  it("refuse postgres_exporter's role name for the master or application user, naming the key", () => {
    for (const key of ["masterUsername", "appUsername"]) {
      let found: { key: string; message: string }[] = [];
      try {
        parseEnvironment(
          "prod",
          settingsFromConfigMap(
            editedConfig("prod", (s) => {
              s.database = { ...s.database, [key]: "platform_monitor" };
            }),
          ),
          "Pulumi.prod.yaml",
        );
      } catch (err) {
        found = (err as ConfigError).problems;
      }
      expect(
        found.map((p) => p.key),
        key,
      ).to.include(`platform:database.${key}`);
    }
  });
});
