import { expect } from "chai";
import type { ResourceLike } from "../../../model/cost";
import { freshCostModule } from "./fresh";
import { thrownMessage as message } from "../../helpers/thrown";

type Edge = typeof import("../../../model/cost/edge");
/** edge.ts from a fresh load: its tag names, annotation prefix and month length are built at load. */
const edge = () => freshCostModule<Edge>("edge");

const ingress = (
  annotations: Record<string, unknown> | undefined,
  name?: string,
): ResourceLike => ({
  type: "kubernetes:networking.k8s.io/v1:Ingress",
  name: "edge-ingress",
  props: { metadata: { ...(name ? { name } : {}), ...(annotations ? { annotations } : {}) } },
});
const MONTH_S = 730 * 3600;

describe("cost model: the way in, rule by rule", () => {
  it("the names the program, the controller and the policy pack share", () => {
    const e = edge();
    expect(e.INGRESS).to.equal("kubernetes:networking.k8s.io/v1:Ingress");
    expect(e.PLANNED_RPS_TAG).to.equal("platform.io/planned-rps");
    expect(e.RESPONSE_KIB_TAG).to.equal("platform.io/response-kib");
    expect(e.ENDPOINT_TAG).to.equal("platform.io/public-endpoint");
    expect(e.ALB_ANNOTATION_PREFIX).to.equal("alb.ingress.kubernetes.io");
  });

  it("reads the controller's tags annotation: trimmed pairs, a bare key, '=' inside a value", () => {
    const { parseAlbTags } = edge();
    expect(parseAlbTags(" a=1 , c ,d=x=y")).to.deep.equal({ a: "1", c: "", d: "x=y" });
    expect(parseAlbTags("a=1,,")).to.deep.equal({ a: "1" });
    expect(parseAlbTags("=v")).to.deep.equal({ "": "v" });
    expect(parseAlbTags("")).to.deep.equal({});
  });

  it("planned traffic is '<current>/<target>' req/s, decimals allowed, nothing else", () => {
    const { plannedRps } = edge();
    const r = ingress(undefined);
    const tag = (v: unknown) => ({ "platform.io/planned-rps": v });
    expect(plannedRps(r, tag("100/1000"))).to.deep.equal({ min: 0, baseline: 100, max: 1000 });
    expect(plannedRps(r, tag("1.5/2.25"))).to.deep.equal({ min: 0, baseline: 1.5, max: 2.25 });
    expect(plannedRps(r, tag("1.25/2"))).to.deep.equal({ min: 0, baseline: 1.25, max: 2 });
    for (const bad of ["x1/2", "1/2x", "1./2", "1.a/2", "1/2.", "1/2.b", "1/2/3", ["1/2"], 5]) {
      expect(
        message(() => plannedRps(r, tag(bad))),
        String(bad),
      ).to.equal(
        `kubernetes:networking.k8s.io/v1:Ingress "edge-ingress": tag platform.io/planned-rps must be "<current>/<target>" req/s, got ${JSON.stringify(bad)}`,
      );
    }
  });

  it("an internet-facing Ingress is one ALB named after the Ingress, with LCUs at the planned traffic", () => {
    const { ingressItems } = edge();
    const items = ingressItems(
      ingress(
        {
          "alb.ingress.kubernetes.io/scheme": "internet-facing",
          "alb.ingress.kubernetes.io/tags":
            "platform.io/planned-rps=100/1000,platform.io/response-kib=64",
        },
        "api",
      ),
    );
    expect(items.map((i) => [i.resource, i.price.kind])).to.deep.equal([
      ["api-alb", "alb-hour"],
      ["api-alb", "alb-lcu"],
    ]);
    // 64 KiB x 1024 x 3600 / 1e9 = 0.2359296 GB/h per req/s: 23.59 LCU at 100 req/s (more than
    // 100 / 25 = 4 for new connections), 235.9 at 1000.
    expect(items[1].quantity.baseline).to.be.closeTo(23.59296, 1e-9);
    expect(items[1].quantity.max).to.be.closeTo(235.9296, 1e-9);
    // Without a name in metadata, the resource's own name.
    const unnamed = ingressItems(
      ingress({
        "alb.ingress.kubernetes.io/scheme": "internet-facing",
        "alb.ingress.kubernetes.io/tags": "platform.io/planned-rps=100/1000",
      }),
    );
    expect(unnamed[0].resource).to.equal("edge-ingress-alb");
    // 8 KiB default: 2.95 GB/h < 4 LCU of new connections at 100 req/s.
    expect(unnamed[1].quantity.baseline).to.be.closeTo(4, 1e-9);
  });

  it("an internal Ingress, or one without annotations, is no ALB", () => {
    const { ingressItems } = edge();
    expect(ingressItems(ingress(undefined))).to.deep.equal([]);
    expect(ingressItems(ingress({ "alb.ingress.kubernetes.io/scheme": "internal" }))).to.deep.equal(
      [],
    );
  });

  it("a web ACL without planned traffic is billed its fee and rules, no requests", () => {
    const { webAclItems } = edge();
    const acl = (props: Record<string, unknown>): ResourceLike => ({
      type: "aws:wafv2/webAcl:WebAcl",
      name: "waf",
      props,
    });
    const plain = webAclItems(acl({ rules: [{}, {}] }));
    expect(plain.map((i) => [i.price.kind, i.quantity.baseline])).to.deep.equal([
      ["waf-web-acl", 1],
      ["waf-rule", 2],
    ]);
    expect(webAclItems(acl({}))[1].quantity.baseline).to.equal(0);
    const planned = webAclItems(acl({ tags: { "platform.io/planned-rps": "10/100" } }));
    // 10 req/s x 2,628,000 s = 26.28 million requests a month.
    expect(planned[2].quantity).to.deep.equal({
      min: 0,
      baseline: (10 * MONTH_S) / 1e6,
      max: (100 * MONTH_S) / 1e6,
    });
  });

  it("a distribution's transfer follows the declared response size; a size not above 0 means 8 KiB", () => {
    const { distributionItems } = edge();
    const cdn = (kib?: string): ResourceLike => ({
      type: "aws:cloudfront/distribution:Distribution",
      name: "cdn",
      props: {
        tags: {
          "platform.io/planned-rps": "10/10",
          ...(kib === undefined ? {} : { "platform.io/response-kib": kib }),
        },
      },
    });
    const gb = (kib: number) => ((10 * kib * 1024 * 3600) / 1e9) * 730;
    expect(distributionItems(cdn("16"))[1].quantity.baseline).to.be.closeTo(gb(16), 1e-9);
    for (const kib of [undefined, "0", "-4", "many"])
      expect(distributionItems(cdn(kib))[1].quantity.baseline, kib).to.be.closeTo(gb(8), 1e-9);
  });

  it("a hosted zone is billed once, on the first record of that zone", () => {
    const { route53RecordItems } = edge();
    const rec = (name: string, zoneId: string): ResourceLike => ({
      type: "aws:route53/record:Record",
      name,
      props: { zoneId },
    });
    const other: ResourceLike = {
      type: "aws:acm/certificate:Certificate",
      name: "c",
      props: { zoneId: "Z1" },
    };
    const a = rec("a", "Z1");
    const b = rec("b", "Z1");
    const c = rec("c", "Z2");
    const all = [other, a, b, c];
    expect(route53RecordItems(a, all).map((i) => [i.resource, i.quantity.baseline])).to.deep.equal([
      ["hosted-zone-Z1", 1],
    ]);
    expect(route53RecordItems(b, all)).to.deep.equal([]);
    expect(route53RecordItems(c, all).map((i) => i.resource)).to.deep.equal(["hosted-zone-Z2"]);
  });
});
