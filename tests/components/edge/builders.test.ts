import { expect } from "chai";
import {
  CACHING_DISABLED,
  CACHING_OPTIMIZED,
  COMMON_RULE_SET,
  controllerPolicy,
  distributionArgs,
  edgeAlarms,
  loadBalancerName,
  ORIGIN_VERIFY_HEADER,
  originHost,
  publicIngress,
  targetBehaviour,
  webAclRules,
} from "../../../components/edge";
import {
  SERVICE_PRESTOP_SLEEP_SECONDS,
  SERVICE_TERMINATION_GRACE_SECONDS,
} from "../../../components/workloads";

const spec = {
  service: "agent-api",
  namespace: "apps",
  host: "api.example.com",
  loadBalancerName: "prod-agent-api",
  healthCheckPath: "/ready",
  idleTimeoutSeconds: 60,
  certificateArn: "arn:aws:acm:us-east-1:1:certificate/x",
  webAclArn: "arn:aws:wafv2:us-east-1:1:regional/webacl/x",
  plannedRps: { current: 100, target: 1000 },
  responseKiB: 8,
};

describe("edge builders", () => {
  it("the Ingress asks for an internet-facing ALB with IP targets, TLS, HTTP->HTTPS and the WAF", () => {
    const a = publicIngress(spec).metadata.annotations;
    expect(a).to.include({
      "alb.ingress.kubernetes.io/scheme": "internet-facing",
      "alb.ingress.kubernetes.io/target-type": "ip",
      "alb.ingress.kubernetes.io/ssl-redirect": "443",
      "alb.ingress.kubernetes.io/certificate-arn": spec.certificateArn,
      "alb.ingress.kubernetes.io/wafv2-acl-arn": spec.webAclArn,
      "alb.ingress.kubernetes.io/healthcheck-path": "/ready",
    });
    expect(JSON.parse(a["alb.ingress.kubernetes.io/listen-ports"])).to.deep.equal([
      { HTTP: 80 },
      { HTTPS: 443 },
    ]);
    expect(a["alb.ingress.kubernetes.io/load-balancer-attributes"]).to.contain(
      "idle_timeout.timeout_seconds=60",
    );
    expect(a["alb.ingress.kubernetes.io/tags"]).to.contain("platform.io/planned-rps=100/1000");
    expect(publicIngress(spec).spec.rules[0].host).to.equal("api.example.com");
  });

  it("draining ends before the pod is killed: deregistration delay = termination grace - preStop sleep", () => {
    const t = targetBehaviour();
    expect(t.deregistrationDelaySeconds).to.equal(
      SERVICE_TERMINATION_GRACE_SECONDS - SERVICE_PRESTOP_SLEEP_SECONDS,
    );
    expect(t.deregistrationDelaySeconds).to.be.greaterThan(0);
    expect(t.healthCheckTimeoutSeconds).to.be.lessThan(t.healthCheckIntervalSeconds);
    const a = publicIngress(spec).metadata.annotations;
    expect(a["alb.ingress.kubernetes.io/target-group-attributes"]).to.equal(
      `deregistration_delay.timeout_seconds=${t.deregistrationDelaySeconds}`,
    );
  });

  it("ALB names fit AWS's 32 characters", () => {
    expect(loadBalancerName("staging", "a-very-long-service-name-indeed-x")).to.have.length.at.most(
      32,
    );
    expect(loadBalancerName("staging", "a-very-long-service-name-indeed-x")).to.not.match(/-$/);
  });

  it("the rate rule blocks per client IP over 5 minutes and comes before the managed common rules", () => {
    const rules = webAclRules({ kind: "edge", rateLimit: 6000 }, "m");
    expect(rules[0].statement).to.deep.equal({
      rateBasedStatement: { limit: 6000, aggregateKeyType: "IP", evaluationWindowSec: 300 },
    });
    expect((rules[0] as { action?: unknown }).action).to.deep.equal({ block: {} });
    expect(rules[1].statement).to.deep.equal({
      managedRuleGroupStatement: { vendorName: "AWS", name: COMMON_RULE_SET },
    });
  });

  it("behind CloudFront the ALB's ACL blocks requests without the secret origin header", () => {
    const [verify] = webAclRules({ kind: "origin", secret: "s3cr3t" }, "m");
    expect((verify as { action?: unknown }).action).to.deep.equal({ block: {} });
    expect(
      (verify.statement as { notStatement: { statement: { byteMatchStatement: unknown } } })
        .notStatement.statement.byteMatchStatement,
    ).to.deep.include({
      fieldToMatch: { singleHeader: { name: ORIGIN_VERIFY_HEADER } },
      searchString: "s3cr3t",
      positionalConstraint: "EXACTLY",
    });
  });

  it("CloudFront passes the API through uncached unless caching is asked for, HTTPS only, with the origin header", () => {
    const base = {
      host: "api.example.com",
      originHost: originHost("api.example.com"),
      caching: false,
      originSecret: "s",
      certificateArn: "c",
      webAclArn: "w",
      originReadTimeoutSeconds: 60,
    };
    const d = distributionArgs(base);
    expect(base.originHost).to.equal("api-origin.example.com");
    expect(d.defaultCacheBehavior.cachePolicyId).to.equal(CACHING_DISABLED);
    expect(
      distributionArgs({ ...base, caching: true }).defaultCacheBehavior.cachePolicyId,
    ).to.equal(CACHING_OPTIMIZED);
    expect(d.defaultCacheBehavior.viewerProtocolPolicy).to.equal("redirect-to-https");
    expect(d.origins[0].customOriginConfig.originProtocolPolicy).to.equal("https-only");
    expect(d.origins[0].customHeaders).to.deep.equal([{ name: ORIGIN_VERIFY_HEADER, value: "s" }]);
    expect(d.webAclId).to.equal("w");
  });

  it("alarms: 5xx share above the alerting threshold, P95 target response time above the objective", () => {
    const [errors, latency] = edgeAlarms("agent-api", "app/x/1", {
      errorPercent: 1,
      errorForSeconds: 300,
      latencyObjectiveMs: 200,
      latencyForSeconds: 300,
    });
    expect(errors.args.threshold).to.equal(1);
    expect(errors.args.evaluationPeriods).to.equal(5);
    expect(latency.args).to.include({
      metricName: "TargetResponseTime",
      extendedStatistic: "p95",
      threshold: 0.2,
    });
  });

  it("the controller may change only load balancers and security groups tagged with its own cluster", () => {
    const doc = controllerPolicy("prod-eks");
    const manage = doc.Statement.find((s) => s.Sid === "ManageOwnLoadBalancers")!;
    expect(manage.Condition).to.deep.equal({
      StringEquals: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "prod-eks" },
    });
    const create = doc.Statement.find((s) => s.Sid === "CreateTaggedLoadBalancers")!;
    expect(create.Condition).to.deep.equal({
      StringEquals: { "aws:RequestTag/elbv2.k8s.aws/cluster": "prod-eks" },
    });
    const all = doc.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(all.filter((a) => a.endsWith("*"))).to.deep.equal([]);
    expect(all.some((a) => a.startsWith("shield:") || a.startsWith("waf-regional:"))).to.equal(
      false,
    );
  });
});
