import { expect } from "chai";
import {
  bomFromResources,
  decodeUsage,
  encodeUsage,
  estimateMonthly,
  ResourceLike,
  TrafficAssumptions,
} from "../../../model/cost";
import { pricingFor } from "../../../model/pricing";

const pricing = pricingFor("us-east-1");
const cents = 0.005;
const MONTH_S = 730 * 3600;
const GB_PER_KIB = 1024 / 1e9;

const traffic: TrafficAssumptions = {
  requestsPerSecond: 40,
  maxRequestsPerSecond: 400,
  responseKiB: 8,
  internalKiBPerRequest: 16,
  interAzShare: 0.67,
  internetShare: 0.5,
  natGbPerMonth: 300,
  logKiBPerRequest: 0.25,
  logGbPerMonth: 10,
  customMetrics: 20,
  secretsApiCallsPerMonth: 200_000,
  backupStorageGb: 1300,
};
const logGroup = (days?: number): ResourceLike => ({
  type: "aws:cloudwatch/logGroup:LogGroup",
  name: `logs-${days}`,
  props: days === undefined ? {} : { retentionInDays: days },
});
const vault: ResourceLike = { type: "aws:backup/vault:Vault", name: "vault", props: {} };

function byComponent(resources: ResourceLike[], t: TrafficAssumptions = traffic) {
  return estimateMonthly(bomFromResources(resources, { traffic: t }), pricing).byComponent;
}

describe("cost model: usage-driven charges from declared traffic", () => {
  it("prices NAT data, inter-AZ and internet transfer as their own lines, with no traffic at minimum", () => {
    const c = byComponent([]);
    expect(c["usage: NAT data"].min).to.be.closeTo(300 * 0.045, cents);
    // 40 req/s x 2,628,000 s x 16 KiB = 1,722.3 GB inside the VPC; 67 % crosses zones at $0.02/GB
    const internal = 40 * MONTH_S * 16 * GB_PER_KIB;
    expect(c["usage: inter-AZ transfer"].min).to.equal(0);
    expect(c["usage: inter-AZ transfer"].baseline).to.be.closeTo(internal * 0.67 * 0.02, cents);
    expect(c["usage: inter-AZ transfer"].max).to.be.closeTo(10 * internal * 0.67 * 0.02, cents);
    // half of 40 x 2,628,000 x 8 KiB leaves straight to the internet at $0.09/GB
    expect(c["usage: internet transfer"].baseline).to.be.closeTo(
      40 * MONTH_S * 8 * GB_PER_KIB * 0.5 * 0.09,
      cents,
    );
    expect(c["usage: CloudWatch metrics"].max).to.be.closeTo(20 * 0.3, cents);
    expect(c["usage: Secrets Manager calls"].max).to.be.closeTo(0.2 * 5, cents);
  });

  it("prices logs only where log groups exist, stored for the longest retention of them", () => {
    expect(byComponent([])["usage: CloudWatch Logs"]).to.equal(undefined);
    const c = byComponent([logGroup(30), logGroup(365)]);
    const ingested = 40 * MONTH_S * 0.25 * GB_PER_KIB + 10;
    const stored = (ingested * 365) / 30.4375;
    expect(c["usage: CloudWatch Logs"].min).to.be.closeTo(
      10 * 0.5 + ((10 * 365) / 30.4375) * 0.03,
      cents,
    );
    expect(c["usage: CloudWatch Logs"].baseline).to.be.closeTo(
      ingested * 0.5 + stored * 0.03,
      cents,
    );
    // A group that never expires is counted as a year of logs.
    expect(byComponent([logGroup()])["usage: CloudWatch Logs"].min).to.be.closeTo(
      c["usage: CloudWatch Logs"].min,
      cents,
    );
  });

  it("prices backup storage where vaults exist and refuses vaults without declared backup storage", () => {
    expect(byComponent([vault])["usage: backup storage"].baseline).to.be.closeTo(
      1300 * 0.095,
      cents,
    );
    expect(byComponent([])["usage: backup storage"]).to.equal(undefined);
    expect(() => byComponent([vault], { ...traffic, backupStorageGb: undefined })).to.throw(
      /backupStorageGb is not declared/,
    );
  });

  it("prices the volumes charts claim as EBS", () => {
    const e = estimateMonthly(
      bomFromResources([], {
        volumes: [{ name: "prometheus", gib: 200, count: 2, volumeType: "gp3" }],
      }),
      pricing,
    );
    expect(e.byComponent["usage: prometheus volumes"].min).to.be.closeTo(400 * 0.08, cents);
  });

  it("carries usage through a budget tag value and back unchanged, within AWS's 256 characters", () => {
    const usage = {
      traffic,
      volumes: [{ name: "prometheus", gib: 200, count: 2, volumeType: "gp3" }],
    };
    const text = encodeUsage(usage);
    expect(text.length).to.be.at.most(256);
    expect(text).to.match(/^[\w .:/=+\-@]*$/);
    expect(decodeUsage(text)).to.deep.equal(usage);
    expect(
      decodeUsage(encodeUsage({ traffic: { ...traffic, backupStorageGb: undefined } })).traffic,
    ).to.not.have.property("backupStorageGb");
    expect(() => decodeUsage("1:2:3")).to.throw(/platform\.io\/usage.*12 traffic figures/);
    expect(() => decodeUsage("-1:2:3:4:5:6:7:8:9:10:11:12")).to.throw(/requestsPerSecond is -1/);
  });
});
