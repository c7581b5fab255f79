import { expect } from "chai";
import { bomFromResources, estimateStack } from "../../../model/cost";

const ingress = (tags: string, scheme = "internet-facing") => ({
  type: "kubernetes:networking.k8s.io/v1:Ingress",
  name: "edge-agent-api-ingress",
  props: {
    metadata: {
      name: "agent-api",
      annotations: {
        "alb.ingress.kubernetes.io/scheme": scheme,
        "alb.ingress.kubernetes.io/tags": tags,
      },
    },
  },
});
const acl = (rules: number, rps?: string) => ({
  type: "aws:wafv2/webAcl:WebAcl",
  name: "edge-agent-api-waf",
  props: { rules: Array(rules).fill({}), tags: rps ? { "platform.io/planned-rps": rps } : {} },
});

describe("cost model: the way in", () => {
  it("an internet-facing ALB costs its hours plus LCUs at the planned traffic (25 new connections/s per LCU)", () => {
    const e = estimateStack([
      ingress("platform.io/planned-rps=100/1000,platform.io/response-kib=8"),
    ]);
    const hours = 0.0225 * 730;
    expect(e.byComponent.edge.min).to.be.closeTo(hours, 0.01);
    // 100 req/s: max(100/25 = 4 LCU, 100 x 8 KiB x 3600 s = 2.95 GB/h) = 4 LCU.
    expect(e.byComponent.edge.baseline).to.be.closeTo(hours + 4 * 0.008 * 730, 0.01);
    expect(e.byComponent.edge.max).to.be.closeTo(hours + 40 * 0.008 * 730, 0.01);
  });

  it("an internal Ingress adds nothing: no public ALB", () => {
    expect(
      bomFromResources([ingress("platform.io/planned-rps=1/2", "internal")]).items,
    ).to.deep.equal([]);
  });

  it("a web ACL costs $5, $1 per rule and $0.60 per million requests at the planned rate", () => {
    const e = estimateStack([acl(2, "100/1000")]);
    expect(e.byComponent.edge.min).to.be.closeTo(7, 1e-9);
    expect(e.byComponent.edge.baseline).to.be.closeTo(7 + (100 * 2_628_000 * 0.6) / 1e6, 0.01);
  });

  it("a distribution costs HTTPS requests and transfer out; the hosted zone is counted once", () => {
    const cdn = {
      type: "aws:cloudfront/distribution:Distribution",
      name: "edge-agent-api-cdn",
      props: { tags: { "platform.io/planned-rps": "10/10", "platform.io/response-kib": "8" } },
    };
    const rec = (name: string) => ({
      type: "aws:route53/record:Record",
      name,
      props: { zoneId: "Z1" },
    });
    const e = estimateStack([cdn, rec("a"), rec("b")]);
    const requests = (10 * 2_628_000) / 1e6;
    const gb = (10 * 8 * 1024 * 3600 * 730) / 1e9;
    expect(e.byComponent.edge.baseline).to.be.closeTo(requests * 1.0 + gb * 0.085 + 0.5, 0.01);
  });

  it("a planned-traffic tag that is not current/target is refused naming the resource", () => {
    expect(() => estimateStack([acl(1, "lots")])).to.throw(
      /edge-agent-api-waf.*platform.io\/planned-rps must be "<current>\/<target>"/,
    );
  });
});
