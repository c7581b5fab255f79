import { expect } from "chai";
import { wafNames, webAclBase, webAclRules } from "../../../components/edge";
import { buildDashboards, type Panel } from "../../../components/monitoring/dashboards";
import { MonitoringInputError } from "../../../components/monitoring";
import {
  buildYaceConfig,
  inspectPromQL,
  isKnownMetric,
  type MonitoredEndpoint,
  type MonitoringTargets,
  thresholdsSchema,
} from "../../../components/monitoring/rules";

const waf = wafNames("prod-api");
const viaCdn: MonitoredEndpoint = {
  service: "api",
  namespace: "apps",
  host: "api.example.com",
  loadBalancerName: "prod-api",
  edgeAcl: { name: waf.cdnAcl, rateLimitRule: waf.cdnRateLimitRule },
  cdn: {
    originAcl: waf.albAcl,
    originRule: waf.originVerifyRule,
    distributionTag: { key: "platform.io/public-endpoint", value: "apps/api" },
  },
};
const albOnly = (lb: string): MonitoredEndpoint => ({
  service: "api",
  namespace: "apps",
  host: "api.staging.example.com",
  loadBalancerName: lb,
  edgeAcl: { name: wafNames(lb).albAcl, rateLimitRule: wafNames(lb).albRateLimitRule },
});

/** One public service (api) and one internal (portal), as an environment's targets. */
const targets = (endpoints: MonitoredEndpoint[]): MonitoringTargets => ({
  environment: "prod",
  services: [
    { name: "api", namespace: "apps", latencyObjectiveMs: 200 },
    { name: "portal", namespace: "platform", latencyObjectiveMs: 250 },
  ],
  workers: [],
  endpoints,
});
const edgePanels = (endpoints: MonitoredEndpoint[]) => {
  const d = buildDashboards(targets(endpoints), thresholdsSchema.parse({}));
  const edge = d["platform-edge.json"];
  return edge === undefined ? undefined : (edge.panels as Panel[]);
};
const exprs = (p: Panel) => p.targets!.map((t) => t.expr);
const thresholdOf = (p: Panel) =>
  (p.fieldConfig as { defaults: { thresholds: { steps: { value: number | null }[] } } }).defaults
    .thresholds.steps[1]?.value;

describe("edge dashboard", function () {
  it("a public service gets a row of ALB, WAF and CloudFront panels; the internal one gets none", function () {
    const panels = edgePanels([viaCdn])!;
    expect(panels.filter((p) => p.type === "row").map((p) => p.title)).to.deep.equal([
      "apps/api: api.example.com",
    ]);
    expect(panels.filter((p) => p.type !== "row").map((p) => p.title)).to.deep.equal([
      "api: ALB requests per second",
      "api: ALB 5xx rate",
      "api: ALB target response time P95",
      "api: WAF blocked and rate-limited requests",
      "api: CloudFront requests per second",
      "api: CloudFront error rate",
    ]);
    expect(JSON.stringify(panels)).to.not.include("portal");
  });

  it("an environment without public services has no edge dashboard", function () {
    expect(edgePanels([])).to.equal(undefined);
    const d = buildDashboards({ ...targets([]), endpoints: undefined });
    expect(Object.keys(d)).to.not.include("platform-edge.json");
  });

  it("without a CDN there are no CloudFront panels and the rate rule read is the ALB's", function () {
    const panels = edgePanels([albOnly("staging-api")])!;
    expect(panels.some((p) => /CloudFront/.test(p.title))).to.equal(false);
    const [wafPanel] = panels.filter((p) => /WAF/.test(p.title));
    expect(exprs(wafPanel)).to.deep.equal([
      'sum(aws_wafv2_blocked_requests_sum{dimension_WebACL="staging-api-alb",dimension_Rule="ALL"}) / 60',
      'sum(aws_wafv2_blocked_requests_sum{dimension_WebACL="staging-api-alb",dimension_Rule="staging-api-rate-limit"}) / 60',
    ]);
  });

  it("ALB queries select the service's own load balancer by its LoadBalancer dimension, not a name that merely starts the same", function () {
    const panels = edgePanels([albOnly("prod-api")])!.filter((p) => /ALB/.test(p.title));
    for (const p of panels)
      for (const e of exprs(p)) expect(e, p.title).to.include('"app/prod-api/[0-9a-f]+"');
    // prod-api must not match the ALB of prod-api-v2: the id follows the name directly.
    const re = /^app\/prod-api\/[0-9a-f]+$/;
    expect(re.test("app/prod-api/50dc6c495c0c9188")).to.equal(true);
    expect(re.test("app/prod-api-v2/50dc6c495c0c9188")).to.equal(false);
  });

  it("draw the 5xx alarm level and the service's latency objective as lines", function () {
    const panels = edgePanels([viaCdn])!;
    const titled = (re: RegExp) => panels.find((p) => re.test(p.title))!;
    expect(thresholdOf(titled(/ALB 5xx rate/))).to.equal(
      thresholdsSchema.parse({}).httpErrorRate.criticalPercent,
    );
    expect(thresholdOf(titled(/response time P95/))).to.equal(200);
    expect(exprs(titled(/response time P95/))).to.deep.equal([
      '1000 * max(aws_applicationelb_target_response_time_p95{dimension_LoadBalancer=~"app/prod-api/[0-9a-f]+"})',
    ]);
  });

  it("with a CDN: the rate limit is read on CloudFront's ACL, bypass attempts on the ALB's, CloudFront by its endpoint tag", function () {
    const panels = edgePanels([viaCdn])!;
    const wafPanel = panels.find((p) => /WAF/.test(p.title))!;
    expect(exprs(wafPanel)).to.deep.equal([
      'sum(aws_wafv2_blocked_requests_sum{dimension_WebACL="prod-api-cdn",dimension_Rule="ALL"}) / 60',
      'sum(aws_wafv2_blocked_requests_sum{dimension_WebACL="prod-api-cdn",dimension_Rule="prod-api-cdn-rate-limit"}) / 60',
      'sum(aws_wafv2_blocked_requests_sum{dimension_WebACL="prod-api-alb",dimension_Rule="prod-api-origin-verify"}) / 60',
    ]);
    const cf = panels.find((p) => /CloudFront requests/.test(p.title))!;
    expect(exprs(cf)).to.deep.equal([
      'sum(aws_cloudfront_requests_sum{tag_platform_io_public_endpoint="apps/api"}) / 60',
    ]);
  });

  it("the names read are the ones the web ACLs are built with: ACL name = its metric name, rule metric names", function () {
    const alb = { ...webAclBase("REGIONAL", waf.albAcl) };
    expect(alb.name).to.equal(alb.visibilityConfig.metricName);
    const cdnRules = webAclRules({ kind: "cdn", rateLimit: 100 }, waf.cdnAcl);
    expect(cdnRules[0].visibilityConfig.metricName).to.equal(viaCdn.edgeAcl.rateLimitRule);
    const originRules = webAclRules({ kind: "origin", secret: "s" }, "prod-api");
    expect(originRules[0].visibilityConfig.metricName).to.equal(viaCdn.cdn!.originRule);
    const edgeRules = webAclRules({ kind: "edge", rateLimit: 100 }, "staging-api");
    expect(edgeRules[0].visibilityConfig.metricName).to.equal(
      albOnly("staging-api").edgeAcl.rateLimitRule,
    );
  });

  it("every query is valid PromQL over series the YACE config asks for", function () {
    for (const p of edgePanels([viaCdn])!.filter((x) => x.type !== "row"))
      for (const e of exprs(p)) {
        const found = inspectPromQL(e);
        expect(found.syntaxError, e).to.equal(undefined);
        for (const m of found.metrics) expect(isKnownMetric(m), m).to.equal(true);
      }
  });

  it("an endpoint of a service that is not monitored is refused, naming it", function () {
    expect(() => buildDashboards(targets([{ ...viaCdn, service: "ghost" }])))
      .to.throw(MonitoringInputError)
      .with.property("problems")
      .that.deep.includes({
        key: "endpoints[0].service",
        value: "apps/ghost",
        message: "is not one of the monitored services",
      });
  });
});

describe("YACE config for the edge", function () {
  type Job = {
    type: string;
    regions: string[];
    dimensionNameRequirements?: string[];
    metrics: { name: string; statistics: string[] }[];
  };
  const jobsOf = (edge?: { cdn: boolean; endpointTag: string }) =>
    (
      buildYaceConfig({
        region: "eu-west-1",
        tag: { key: "Environment", value: "prod" },
        edge,
      }) as { discovery: { jobs: Job[]; exportedTagsOnMetrics?: Record<string, string[]> } }
    ).discovery;

  it("adds no edge jobs where no service is public", function () {
    expect(jobsOf().jobs.map((j) => j.type)).to.deep.equal(["AWS/RDS", "AWS/ElastiCache"]);
  });

  it("reads each ALB per load balancer only, and its web ACL, in the environment's region", function () {
    const d = jobsOf({ cdn: false, endpointTag: "platform.io/public-endpoint" });
    const alb = d.jobs.find((j) => j.type === "AWS/ApplicationELB")!;
    expect(alb.dimensionNameRequirements).to.deep.equal(["LoadBalancer"]);
    expect(alb.regions).to.deep.equal(["eu-west-1"]);
    expect(alb.metrics.find((m) => m.name === "TargetResponseTime")!.statistics).to.deep.equal([
      "p95",
    ]);
    expect(d.jobs.find((j) => j.type === "AWS/WAFV2")!.regions).to.deep.equal(["eu-west-1"]);
    expect(d.jobs.some((j) => j.type === "AWS/CloudFront")).to.equal(false);
    expect(d.exportedTagsOnMetrics).to.equal(undefined);
  });

  it("with a CDN reads CloudFront and its web ACLs in us-east-1, with the endpoint tag on the series", function () {
    const d = jobsOf({ cdn: true, endpointTag: "platform.io/public-endpoint" });
    expect(d.jobs.find((j) => j.type === "AWS/CloudFront")!.regions).to.deep.equal(["us-east-1"]);
    expect(d.jobs.find((j) => j.type === "AWS/WAFV2")!.regions).to.deep.equal([
      "eu-west-1",
      "us-east-1",
    ]);
    expect(d.exportedTagsOnMetrics).to.deep.equal({
      "AWS/CloudFront": ["platform.io/public-endpoint"],
    });
  });
});
