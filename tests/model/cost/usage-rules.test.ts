import { expect } from "chai";
import {
  claimedVolumeItems,
  decodeUsage,
  encodeUsage,
  longestLogRetentionDays,
  ResourceLike,
  TrafficAssumptions,
} from "../../../model/cost";
import { freshCostModule } from "./fresh";
import { thrownMessage as message } from "../../helpers/thrown";

/** usage.ts's traffic lines from a fresh load: its month length and KiB-to-GB factor are built at load. */
const trafficItems = (t: TrafficAssumptions, resources: ResourceLike[]) =>
  freshCostModule<typeof import("../../../model/cost/usage")>("usage").trafficItems(t, resources);

const traffic: TrafficAssumptions = {
  requestsPerSecond: 40,
  maxRequestsPerSecond: 400,
  responseKiB: 8,
  internalKiBPerRequest: 16,
  interAzShare: 0.25,
  internetShare: 0.5,
  natGbPerMonth: 300,
  logKiBPerRequest: 0.25,
  logGbPerMonth: 10,
  customMetrics: 20,
  secretsApiCallsPerMonth: 200_000,
  backupStorageGb: 1300,
};
const logGroup = (name: string, props: Record<string, unknown>): ResourceLike => ({
  type: "aws:cloudwatch/logGroup:LogGroup",
  name,
  props,
});
const vault: ResourceLike = { type: "aws:backup/vault:Vault", name: "vault", props: {} };
/** A figure-only traffic text: twelve numbers joined by `:`. */
const figures = "40:400:8:16:0.25:0.5:300:0.25:10:20:200000:1300";

describe("cost model: declared usage lines", () => {
  it("each usage line says what it was priced from, on the platform:usage resource", () => {
    const items = trafficItems(traffic, [logGroup("logs", { retentionInDays: 30 }), vault]);
    expect(items.map((i) => [i.component, i.resource, i.note])).to.deep.equal([
      ["usage: NAT data", "platform:usage", "300 GB/month declared"],
      [
        "usage: inter-AZ transfer",
        "platform:usage",
        "16 KiB/request inside the VPC, 25 % across zones",
      ],
      [
        "usage: internet transfer",
        "platform:usage",
        "8 KiB/response, 50 % straight to the internet",
      ],
      ["usage: CloudWatch Logs", "platform:usage", "0.25 KiB/request + 10 GB/month"],
      [
        "usage: CloudWatch Logs",
        "platform:usage",
        "kept 30 days (the longest retention of the stack's log groups)",
      ],
      ["usage: CloudWatch metrics", "platform:usage", "20 custom metrics"],
      ["usage: Secrets Manager calls", "platform:usage", "200000 calls/month"],
      ["usage: backup storage", "platform:usage", "1300 GB in AWS Backup vaults"],
    ]);
    expect(items[7].price).to.deep.equal({ kind: "snapshot-storage", source: "rds" });
    // 40 req/s x 2,628,000 s x 8 KiB x 1024 / 1e9 = 861.1... GB, half to the internet.
    expect(items[2].quantity.baseline).to.be.closeTo((40 * 2_628_000 * 8 * 1024) / 1e9 / 2, 1e-9);
    expect(items[2].quantity.baseline).to.be.closeTo(430.5, 0.1);
  });

  it("no custom metrics declared, no metrics line", () => {
    const items = trafficItems({ ...traffic, customMetrics: 0 }, []);
    expect(items.map((i) => i.component)).to.not.include("usage: CloudWatch metrics");
  });

  it("logs are kept as long as the longest retention; a group without one never expires (365 days)", () => {
    expect(longestLogRetentionDays([])).to.equal(0);
    expect(longestLogRetentionDays([logGroup("a", { retentionInDays: 30 })])).to.equal(30);
    expect(
      longestLogRetentionDays([logGroup("a", { retentionInDays: 30 }), logGroup("b", {})]),
    ).to.equal(365);
    expect(longestLogRetentionDays([logGroup("a", { retentionInDays: 0 })])).to.equal(365);
    // Only log groups count.
    const other: ResourceLike = { type: "aws:s3/bucket:Bucket", name: "b", props: {} };
    expect(longestLogRetentionDays([logGroup("a", { retentionInDays: 7 }), other])).to.equal(7);
  });

  it("a claimed volume line is named after its claimant and says count x size", () => {
    expect(
      claimedVolumeItems([{ name: "prometheus", gib: 50, count: 2, volumeType: "gp3" }]),
    ).to.deep.equal([
      {
        component: "usage: prometheus volumes",
        resource: "prometheus",
        price: { kind: "ebs-volume", volumeType: "gp3" },
        capacity: "on-demand",
        unit: "per-gb-month",
        quantity: { min: 100, baseline: 100, max: 100 },
        note: "2 x 50 GiB gp3",
      },
    ]);
  });
});

describe("cost model: the usage tag", () => {
  it("fits an AWS tag value: up to 256 characters of the allowed set", () => {
    // "-" plus volumes "v=1=1=gp3" (9 characters) joined by spaces: 1 + 25 x 10 = 251, then a
    // name padded to reach exactly 256.
    const vols = Array.from({ length: 25 }, () => ({
      name: "v",
      gib: 1,
      count: 1,
      volumeType: "gp3",
    }));
    const at256 = encodeUsage({ volumes: [...vols.slice(1), { ...vols[0], name: "vvvvvv" }] });
    expect(at256.length).to.equal(256);
    const at257 = { volumes: [...vols.slice(1), { ...vols[0], name: "vvvvvvv" }] };
    expect(message(() => encodeUsage(at257))).to.match(
      /^usage does not fit an AWS tag value \(256 characters of letters, digits and _\.:\/=\+-@\): - /,
    );
    expect(message(() => encodeUsage({ volumes: [{ ...vols[0], name: "a,b" }] }))).to.equal(
      "usage does not fit an AWS tag value (256 characters of letters, digits and _.:/=+-@): - a,b=1=1=gp3",
    );
    expect(
      message(() => encodeUsage({ volumes: [{ ...vols[0], name: "a,b" }, vols[0]] })),
    ).to.equal(
      "usage does not fit an AWS tag value (256 characters of letters, digits and _.:/=+-@): - a,b=1=1=gp3 v=1=1=gp3",
    );
    expect(
      message(() => encodeUsage({ volumes: [vols[0], { ...vols[0], name: "a,b" }] })),
    ).to.equal(
      "usage does not fit an AWS tag value (256 characters of letters, digits and _.:/=+-@): - v=1=1=gp3 a,b=1=1=gp3",
    );
  });

  it("reads traffic and volumes back, whatever the spacing", () => {
    expect(decodeUsage(`  ${figures}   prometheus=50=2=gp3  `)).to.deep.equal({
      traffic,
      volumes: [{ name: "prometheus", gib: 50, count: 2, volumeType: "gp3" }],
    });
    expect(decodeUsage("-")).to.deep.equal({ traffic: undefined, volumes: [] });
    expect(decodeUsage("- a=0=0=gp2")).to.deep.equal({
      traffic: undefined,
      volumes: [{ name: "a", gib: 0, count: 0, volumeType: "gp2" }],
    });
  });

  it("only the backup storage may be undeclared among the traffic figures", () => {
    const noBackup = figures.replace(/:1300$/, ":-");
    const rest: Partial<TrafficAssumptions> = { ...traffic };
    delete rest.backupStorageGb;
    expect(decodeUsage(noBackup).traffic).to.deep.equal(rest);
    const noNat = figures.replace(":300:", ":-:");
    expect(message(() => decodeUsage(noNat))).to.equal(
      `tag platform.io/usage ${JSON.stringify(noNat)} is not usage written by the program: natGbPerMonth is not declared`,
    );
  });

  it("a malformed volume is refused, quoting it", () => {
    for (const v of [
      "=50=2=gp3",
      "p=50=2=",
      "p=-1=2=gp3",
      "p=50=-1=gp3",
      "p=x=2=gp3",
      "p=50=y=gp3",
    ]) {
      expect(
        message(() => decodeUsage(`- ${v}`)),
        v,
      ).to.equal(
        `tag platform.io/usage ${JSON.stringify(`- ${v}`)} is not usage written by the program: volume ${v}`,
      );
    }
  });
});
