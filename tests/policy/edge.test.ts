import { expect } from "chai";
import type { ProgramRun } from "../../scripts/lib/program";
import { runStack } from "../helpers/program";
import { expectViolation, of, verdicts, withEdited } from "./helpers";

const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const A = (k: string) => `alb.ingress.kubernetes.io/${k}`;

/**
 * The edge policies on the real registrations: the shipped public endpoints pass; removing TLS,
 * the WAF or the rate limit from one, or adding a LoadBalancer Service, fails.
 */
describe("policy pack: public endpoints", function () {
  this.timeout(180_000);
  let prod: ProgramRun;
  let staging: ProgramRun;
  before(async () => {
    prod = await runStack("prod");
    staging = await runStack("staging");
  });

  it("the shipped public endpoints (prod behind CloudFront, staging on its ALB) pass", async () => {
    for (const r of [prod, staging]) {
      const vs = await verdicts(r);
      expect(of(vs, "public-endpoint-protected"), r.environment).to.deep.equal([]);
      expect(of(vs, "no-public-load-balancer-service"), r.environment).to.deep.equal([]);
    }
  });

  it("an internet-facing Ingress without TLS fails", async () => {
    const r = withEdited(staging, INGRESS, (i) => {
      delete i.metadata.annotations[A("certificate-arn")];
      i.metadata.annotations[A("listen-ports")] = JSON.stringify([{ HTTP: 80 }]);
    });
    expectViolation(
      await verdicts(r),
      "public-endpoint-protected",
      /Ingress apps\/agent-api: internet-facing without TLS/,
    );
  });

  it("an internet-facing Ingress without a WAF fails", async () => {
    const r = withEdited(
      staging,
      INGRESS,
      (i) => delete i.metadata.annotations[A("wafv2-acl-arn")],
    );
    expectViolation(await verdicts(r), "public-endpoint-protected", /without a WAF web ACL/);
  });

  it("a public endpoint whose web ACLs have no rate-based rule fails", async () => {
    const r = withEdited(
      prod,
      "aws:wafv2/webAcl:WebAcl",
      (i) => (i.rules = i.rules.slice(1)),
      "edge-agent-api-cdn-waf",
    );
    expectViolation(
      await verdicts(r),
      "public-endpoint-protected",
      /no rate limit: no web ACL tagged platform.io\/public-endpoint=apps\/agent-api has a rate-based rule/,
    );
  });

  it("a CloudFront distribution without a WAF or serving plain HTTP fails", async () => {
    const r = withEdited(prod, "aws:cloudfront/distribution:Distribution", (i) => {
      delete i.webAclId;
      i.defaultCacheBehavior.viewerProtocolPolicy = "allow-all";
    });
    const vs = await verdicts(r);
    expectViolation(vs, "public-endpoint-protected", /no WAF web ACL \(webAclId\)/);
    expectViolation(vs, "public-endpoint-protected", /viewers may use plain HTTP/);
  });

  it("a Service of type LoadBalancer outside the controller's internal path fails", async () => {
    const svc = (r: ProgramRun) =>
      r.resources.find(
        (x) => x.type === "kubernetes:core/v1:Service" && x.inputs.metadata?.name === "agent-api",
      )!.name;
    const legacy = withEdited(
      staging,
      "kubernetes:core/v1:Service",
      (i) => (i.spec.type = "LoadBalancer"),
      svc(staging),
    );
    expectViolation(
      await verdicts(legacy),
      "no-public-load-balancer-service",
      /outside the load balancer controller/,
    );
    const publicNlb = withEdited(
      staging,
      "kubernetes:core/v1:Service",
      (i) => {
        i.spec.type = "LoadBalancer";
        i.spec.loadBalancerClass = "service.k8s.aws/nlb";
        i.metadata.annotations = {
          "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
        };
      },
      svc(staging),
    );
    expectViolation(await verdicts(publicNlb), "no-public-load-balancer-service", /not internal/);
    const internal = withEdited(
      staging,
      "kubernetes:core/v1:Service",
      (i) => {
        i.spec.type = "LoadBalancer";
        i.spec.loadBalancerClass = "service.k8s.aws/nlb";
        i.metadata.annotations = {
          "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
        };
      },
      svc(staging),
    );
    expect(of(await verdicts(internal), "no-public-load-balancer-service")).to.deep.equal([]);
  });
});
