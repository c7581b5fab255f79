import { expect } from "chai";
import { editedConfig } from "../../scripts/lib/program";
import { ofType, one, run, runStack, SHIPPED, waitsFor } from "../helpers/program";
import { loadEnvironment } from "../../stacks";

const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const ACL = "aws:wafv2/webAcl:WebAcl";
const CDN = "aws:cloudfront/distribution:Distribution";
const RECORD = "aws:route53/record:Record";
const CERT = "aws:acm/certificate:Certificate";
const VALIDATION = "aws:acm/certificateValidation:CertificateValidation";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const A = (k: string) => `alb.ingress.kubernetes.io/${k}`;

describe("the way in: public services under mocks", function () {
  this.timeout(300_000);

  for (const env of SHIPPED) {
    const publicNames = Object.keys(loadEnvironment(env).edge.services);
    it(`${env}: exactly the services platform:edge marks public get an internet-facing Ingress (${publicNames.join(", ") || "none"})`, async () => {
      const r = await runStack(env);
      const ingresses = ofType(r, INGRESS);
      expect(ingresses.map((i) => i.inputs.metadata.name).sort()).to.deep.equal(publicNames.sort());
      for (const i of ingresses)
        expect(i.inputs.metadata.annotations[A("scheme")]).to.equal("internet-facing");
      // Every Service stays ClusterIP: public traffic comes only through the controller's ALB.
      for (const s of ofType(r, "kubernetes:core/v1:Service"))
        expect(s.inputs.spec?.type ?? "ClusterIP", s.name).to.not.equal("LoadBalancer");
      const controller = ofType(r, RELEASE).filter(
        (x) => x.inputs.chart === "aws-load-balancer-controller",
      );
      expect(controller, "the load balancer controller").to.have.length(publicNames.length ? 1 : 0);
    });
  }

  it("prod: agent-api gets the whole path - certificate, WAF with its rate limit, Ingress, CloudFront, DNS, alarms - linked", async () => {
    const r = await runStack("prod");
    const ing = one(r, INGRESS);
    const ann = ing.inputs.metadata.annotations;
    expect(ing.inputs.spec.rules[0].host).to.equal("api-origin.example.com");
    expect(ann[A("target-type")]).to.equal("ip");
    expect(ann[A("ssl-redirect")]).to.equal("443");
    expect(ann[A("healthcheck-path")]).to.equal("/ready");

    const cert = one(r, CERT);
    expect([cert.inputs.domainName, ...cert.inputs.subjectAlternativeNames]).to.deep.equal([
      "api.example.com",
      "api-origin.example.com",
    ]);
    expect(cert.inputs.validationMethod).to.equal("DNS");
    const validation = one(r, VALIDATION);
    expect(ann[A("certificate-arn")]).to.equal(validation.outputs.certificateArn);
    const validationRecords = ofType(r, RECORD).filter((x) => /validation/.test(x.name));
    expect(validationRecords).to.have.length(2);
    for (const v of validationRecords) expect(v.inputs.zoneId).to.equal("Z0000000000EXAMPLE");

    const albAcl = one(r, ACL, "edge-agent-api-waf");
    expect(albAcl.inputs.scope).to.equal("REGIONAL");
    expect(ann[A("wafv2-acl-arn")]).to.equal(albAcl.outputs.arn);
    expect(albAcl.inputs.rules[0].name).to.equal("origin-only-through-cloudfront");
    const cdnAcl = one(r, ACL, "edge-agent-api-cdn-waf");
    expect(cdnAcl.inputs).to.include({ scope: "CLOUDFRONT", region: "us-east-1" });
    expect(cdnAcl.inputs.rules[0].statement.rateBasedStatement.limit).to.equal(6000);

    const cdn = one(r, CDN);
    expect(cdn.inputs.aliases).to.deep.equal(["api.example.com"]);
    expect(cdn.inputs.webAclId).to.equal(cdnAcl.outputs.arn);
    expect(cdn.inputs.origins[0].domainName).to.equal("api-origin.example.com");
    const secret = one(
      r,
      "random:index/randomPassword:RandomPassword",
      "edge-agent-api-origin-secret",
    );
    expect(cdn.inputs.origins[0].customHeaders[0].value).to.equal(secret.outputs.result);
    // The origins carry the header value: the whole list is a secret in state.
    expect(cdn.secretPaths).to.include("origins");
    expect(albAcl.secretPaths).to.include("rules");
    expect(
      albAcl.inputs.rules[0].statement.notStatement.statement.byteMatchStatement.searchString,
    ).to.equal(secret.outputs.result);

    const publicRecord = one(r, RECORD, "edge-agent-api-record");
    expect(publicRecord.inputs.aliases[0]).to.include({
      name: cdn.outputs.domainName,
      zoneId: "Z2FDTNDATAQYW2",
    });
    const originRecord = one(r, RECORD, "edge-agent-api-origin-record");
    expect(originRecord.inputs.name).to.equal("api-origin.example.com");
    expect(originRecord.inputs.aliases[0].name).to.equal(
      "prod-agent-api-mock.us-east-1.elb.amazonaws.com",
    );

    const alarms = ofType(r, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) =>
      a.name.startsWith("edge-"),
    );
    expect(alarms.map((a) => a.name).sort()).to.deep.equal([
      "edge-agent-api-alb-5xx-rate",
      "edge-agent-api-alb-latency-p95",
    ]);
    const p95 = alarms.find((a) => a.name.endsWith("p95"))!;
    expect(p95.inputs).to.include({ threshold: 0.2, extendedStatistic: "p95" });
    expect(p95.inputs.dimensions).to.deep.equal({ LoadBalancer: "app/prod-agent-api/mock" });
  });

  it("prod: the plan lists the public host with its certificate, WAF limit and CDN, and the edge's monthly cost", async () => {
    const r = await runStack("prod");
    const ep = (r.outputs.publicEndpoints as Record<string, Record<string, unknown>>)["agent-api"];
    expect(ep).to.include({
      host: "api.example.com",
      wafRateLimitPer5MinPerIp: 6000,
      cdn: "CloudFront, caching off",
    });
    const cost = r.outputs.costEstimate as {
      byComponent: Record<string, { min: number; baseline: number; max: number }>;
    };
    expect(cost.byComponent.edge.min).to.be.greaterThan(0);
    expect(cost.byComponent.edge.max).to.be.greaterThan(cost.byComponent.edge.baseline);
  });

  it("staging: no CDN, the ALB's own WAF carries the rate limit and the common rule set", async () => {
    const r = await runStack("staging");
    expect(ofType(r, CDN)).to.have.length(0);
    const acl = one(r, ACL);
    expect(acl.inputs.rules.map((x: { name: string }) => x.name)).to.deep.equal([
      "rate-limit-per-ip",
      "AWSManagedRulesCommonRuleSet",
    ]);
    expect(acl.inputs.rules[0].statement.rateBasedStatement.limit).to.equal(3000);
    expect(one(r, RECORD, "edge-agent-api-record").inputs.name).to.equal("api.staging.example.com");
  });

  it("the readiness gate label is on the namespace of a public service only, and the workloads wait for the controller", async () => {
    const r = await runStack("prod");
    const ns = (n: string) =>
      one(r, "kubernetes:core/v1:Namespace", `namespace-${n}`).inputs.metadata.labels;
    expect(ns("apps")["elbv2.k8s.aws/pod-readiness-gate-inject"]).to.equal("enabled");
    expect(ns("agents")["elbv2.k8s.aws/pod-readiness-gate-inject"]).to.equal(undefined);
    const controller = ofType(r, RELEASE).find(
      (x) => x.inputs.chart === "aws-load-balancer-controller",
    )!;
    const deployment = ofType(r, "kubernetes:apps/v1:Deployment").find(
      (d) => d.inputs.metadata.name === "agent-api",
    )!;
    const waits = waitsFor(r, deployment, controller);
    expect(waits, "the agent-api Deployment (or a parent) depends on the controller").to.equal(
      true,
    );
  });

  it("an internal service gets none of it: dev with agent-api made public by config gets it, the shipped dev none", async () => {
    const dev = await runStack("dev");
    for (const t of [INGRESS, ACL, CDN, RECORD, CERT]) expect(ofType(dev, t), t).to.have.length(0);
    const r = await run({
      stack: "dev",
      config: editedConfig("dev", (s) => {
        s.edge = {
          hostedZoneId: "Z04123456ABCDEFGHIJK",
          domain: "example.com",
          services: { "agent-api": { host: "api.dev.example.com" } },
        };
      }),
    });
    expect(one(r, INGRESS).inputs.spec.rules[0].host).to.equal("api.dev.example.com");
    expect(one(r, ACL).inputs.rules[0].statement.rateBasedStatement.limit).to.equal(1200);
  });
});
