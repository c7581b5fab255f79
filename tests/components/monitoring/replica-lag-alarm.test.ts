import { expect } from "chai";
import { alarmThresholds, planDataTierAlarms } from "../../../components/monitoring";
import { alertingConfigSchema } from "../../../components/monitoring/rules";

const alarmsFor = (replicationLag: Record<string, unknown>) => {
  const alerting = alertingConfigSchema.parse({
    runbookBaseUrl: "https://runbooks.example.org/platform",
    thresholds: { replicationLag },
  });
  return planDataTierAlarms({
    thresholds: alarmThresholds(alerting, {
      freeStoragePercent: 20,
      connectionsPercent: 90,
      cacheEvictionsPerMinute: 100,
    }),
    database: { primary: "pg", replicas: ["pg-r1"], allocatedStorageGiB: 100, maxConnections: 100 },
  }).find((a) => a.metricName === "ReplicaLag")!;
};

describe("the CloudWatch replica-lag alarm (the backstop of the lag rules)", () => {
  it("fires at the lag rules' critical level, in seconds, as a critical alarm", () => {
    expect(alarmsFor({ warningMs: 150, criticalMs: 900, for: "3m" })).to.include({
      threshold: 0.9,
      evaluationPeriods: 3,
      severity: "critical",
    });
  });

  it("follows the seed's 500 ms when the stack file sets nothing, not the 100 ms warning", () => {
    expect(alarmsFor({}).threshold).to.equal(0.5);
  });
});
