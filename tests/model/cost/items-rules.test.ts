import { expect } from "chai";
import { BomItem, estimateMonthly, fixed, sleepingCost } from "../../../model/cost";
import { eipItems, vpcEndpointItems } from "../../../model/cost/network";
import { kmsKeyItems, metricAlarmItems, secretItems } from "../../../model/cost/services";
import { pricingFor } from "../../../model/pricing";
import { freshCostModule } from "./fresh";
import { thrownMessage as message } from "../../helpers/thrown";

/** Item checks from a fresh load: the unit table and the scales are built while bom.ts loads. */
const validateItem = (item: BomItem, index: number) =>
  freshCostModule<typeof import("../../../model/cost/bom")>("bom").validateItem(item, index);

const pricing = pricingFor("us-east-1");
const node = (over: Partial<BomItem> = {}): BomItem => ({
  component: "nodes",
  resource: "ng",
  price: { kind: "ec2-instance", instanceTypes: ["m6i.xlarge"] },
  capacity: "on-demand",
  unit: "per-hour",
  quantity: fixed(1),
  ...over,
});
const estimate = (items: BomItem[], overrides = {}) =>
  estimateMonthly({ items, notModelled: [] }, pricing, overrides);

describe("cost model: discounts and bill-of-materials checks", () => {
  it("a discount is a fraction in [0, 1): 0 and 0.99 are accepted, 1 and below 0 are not", () => {
    expect(estimate([node()], { spotDiscount: 0 }).discounts.spot).to.equal(0);
    expect(estimate([node()], { spotDiscount: 0.99 }).discounts.spot).to.equal(0.99);
    for (const bad of [1, -0.01, Infinity, NaN]) {
      expect(
        message(() => estimate([node()], { spotDiscount: bad })),
        String(bad),
      ).to.match(
        new RegExp(
          `must be a fraction in \\[0, 1\\) \\(e\\.g\\. 0\\.7 for 70 % off On-Demand\\), got ${String(bad)}$`,
        ),
      );
    }
    expect(message(() => estimate([node()], { spotDiscount: "0.5" }))).to.match(/got 0\.5$/);
  });

  it("the estimate is in US dollars and each line's monthly figure is quantity x unit price", () => {
    const e = estimate([node({ quantity: { min: 1, baseline: 2, max: 3 } })]);
    expect(e.currency).to.equal("USD");
    // 0.192 x 730 = 140.16 per node.
    expect(e.lines[0].monthly.min).to.be.closeTo(140.16, 1e-9);
    expect(e.lines[0].monthly.baseline).to.be.closeTo(280.32, 1e-9);
    expect(e.lines[0].monthly.max).to.be.closeTo(420.48, 1e-9);
  });

  it("an item needs finite, ordered quantities and a known capacity", () => {
    const where = "BOM item 0 (nodes / ng)";
    expect(message(() => validateItem(node({ quantity: undefined as never }), 0))).to.equal(
      `${where}: quantity.min must be a finite number, got undefined`,
    );
    expect(
      message(() => validateItem(node({ quantity: { min: 1, baseline: NaN, max: 3 } }), 0)),
    ).to.equal(`${where}: quantity.baseline must be a finite number, got NaN`);
    expect(
      message(() => validateItem(node({ quantity: { min: 2, baseline: 1, max: 3 } }), 0)),
    ).to.equal(
      `${where}: quantities must satisfy min <= baseline <= max, got min 2, baseline 1, max 3`,
    );
    expect(
      message(() => validateItem(node({ quantity: { min: 1, baseline: 4, max: 3 } }), 0)),
    ).to.equal(
      `${where}: quantities must satisfy min <= baseline <= max, got min 1, baseline 4, max 3`,
    );
    validateItem(node({ quantity: { min: 1, baseline: 1, max: 1 } }), 0);
    expect(message(() => validateItem(node({ capacity: "savings" as never }), 0))).to.equal(
      `${where}: capacity "savings" is not one of on-demand, spot, reserved`,
    );
    expect(
      message(() => validateItem(node({ price: { kind: "gpu" } as never, unit: "per-hour" }), 0)),
    ).to.match(
      /^BOM item 0 \(nodes \/ ng\): unknown price kind "gpu"; known kinds: ec2-instance, eks-cluster, /,
    );
    expect(message(() => validateItem(node({ price: undefined as never }), 0))).to.match(
      /^BOM item 0 \(nodes \/ ng\): unknown price kind "undefined"; known kinds: ec2-instance, /,
    );
  });

  it("interface endpoints are billed per hour, custom metrics per month", () => {
    const ok = (price: BomItem["price"], unit: BomItem["unit"]) =>
      validateItem(node({ price, unit }), 0);
    ok({ kind: "vpc-interface-endpoint" }, "per-hour");
    ok({ kind: "custom-metric" }, "per-month");
    expect(message(() => ok({ kind: "custom-metric" }, "per-hour"))).to.equal(
      'BOM item 0 (nodes / ng): unit "per-hour" does not match price kind "custom-metric", which is billed per-month',
    );
  });

  it("a node group may not sleep below zero nodes", () => {
    const e = estimate([node({ quantity: fixed(3) })]);
    expect(
      message(() =>
        sleepingCost(e, { hours: { startHour: 8, stopHour: 18 }, nodeGroups: { ng: -1 } }),
      ),
    ).to.equal("ng: off-hours size -1 must lie between 0 and its baseline 3 nodes");
  });
});

describe("cost model: alarms, secrets, keys and network charges", () => {
  const alarm = (props: Record<string, unknown>) => ({
    type: "aws:cloudwatch/metricAlarm:MetricAlarm",
    name: "a",
    props,
  });
  const metrics = (a: ReturnType<typeof alarm>) =>
    metricAlarmItems(a).map((i) => [
      (i.price as { resolution: string }).resolution,
      i.quantity.baseline,
    ]);

  it("an alarm with a period under 60 s is high resolution; 60 s is standard", () => {
    expect(metrics(alarm({ period: 59 }))).to.deep.equal([["high", 1]]);
    expect(metrics(alarm({ period: 60 }))).to.deep.equal([["standard", 1]]);
    expect(metricAlarmItems(alarm({ period: 60 }))[0].component).to.equal("monitoring");
  });

  it("metric queries count each metric read, and an anomaly band adds two at the alarm's resolution", () => {
    const q = (period: number) => ({ metric: { period } });
    const band = { expression: "ANOMALY_DETECTION_BAND(m1, 2)" };
    expect(metrics(alarm({ metricQueries: [q(60), { expression: "m1*2" }, band] }))).to.deep.equal([
      ["standard", 3],
    ]);
    expect(metrics(alarm({ metricQueries: [q(10), band] }))).to.deep.equal([["high", 3]]);
    expect(metrics(alarm({ metricQueries: [q(60), q(10)] }))).to.deep.equal([
      ["standard", 1],
      ["high", 1],
    ]);
    expect(metrics(alarm({ metricQueries: [q(60), null, { metric: null }] }))).to.deep.equal([
      ["standard", 1],
    ]);
    expect(
      message(() => metricAlarmItems(alarm({ metricQueries: [{ expression: "1" }] }))),
    ).to.equal(
      'aws:cloudwatch/metricAlarm:MetricAlarm "a": metricQueries read no metric, so the alarm cannot be priced',
    );
  });

  it("secrets (one per replica region too) and keys are security charges", () => {
    const s = secretItems({ type: "aws:secretsmanager/secret:Secret", name: "s", props: {} });
    expect([s[0].component, s[0].quantity.baseline]).to.deep.equal(["security", 1]);
    const k = kmsKeyItems({ type: "aws:kms/key:Key", name: "k", props: {} });
    expect(k[0].component).to.equal("security");
  });

  it("an Elastic IP and an interface endpoint are network charges; an endpoint of another type is refused", () => {
    expect(eipItems({ type: "aws:ec2/eip:Eip", name: "ip", props: {} })[0].component).to.equal(
      "network",
    );
    const ep = (props: Record<string, unknown>) => ({
      type: "aws:ec2/vpcEndpoint:VpcEndpoint",
      name: "ep",
      props,
    });
    const [line] = vpcEndpointItems(ep({ vpcEndpointType: "Interface", subnetIds: ["a", "b"] }));
    expect([line.component, line.quantity.baseline, line.note]).to.deep.equal([
      "network",
      2,
      "2 zone(s)",
    ]);
    expect(
      message(() => vpcEndpointItems(ep({ vpcEndpointType: "GatewayLoadBalancer" }))),
    ).to.equal(
      'aws:ec2/vpcEndpoint:VpcEndpoint "ep": vpcEndpointType "GatewayLoadBalancer" is not priced; the model prices Interface and Gateway endpoints',
    );
  });
});
