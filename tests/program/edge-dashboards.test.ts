import { expect } from "chai";
import YAML from "yaml";
import { loadEnvironment } from "../../stacks";
import { ofType, one, runStack, SHIPPED } from "../helpers/program";

const A = (k: string) => `alb.ingress.kubernetes.io/${k}`;

/**
 * The edge dashboard reads CloudWatch through YACE by dimension values; they are only right if
 * they are the names the program gives the ALB and the web ACLs, and YACE finds them by tag.
 */
describe("edge dashboards on the program under mocks", function () {
  this.timeout(300_000);

  for (const env of SHIPPED) {
    const publicNames = Object.keys(loadEnvironment(env).edge.services);
    it(`${env}: the edge dashboard exists only with public services, and reads the ALB and web ACLs the program builds (${publicNames.join(", ") || "none"})`, async () => {
      const r = await runStack(env);
      const data = one(r, "kubernetes:core/v1:ConfigMap", "monitoring-dashboards").inputs.data;
      if (publicNames.length === 0) {
        expect(Object.keys(data)).to.not.include("platform-edge.json");
        return;
      }
      const text: string = data["platform-edge.json"];
      expect(text, "platform-edge.json").to.be.a("string");
      for (const ing of ofType(r, "kubernetes:networking.k8s.io/v1:Ingress")) {
        const ann = ing.inputs.metadata.annotations;
        const lb = ann[A("load-balancer-name")];
        // The regex sits inside a JSON string: its quotes are escaped there.
        expect(text).to.include(`app/${lb}/[0-9a-f]+`);
        // YACE discovers the ALB by the environment tag the controller puts on it.
        expect(ann[A("tags")].split(",")).to.include(`Environment=${env}`);
      }
      for (const acl of ofType(r, "aws:wafv2/webAcl:WebAcl")) {
        expect(acl.inputs.name, acl.name).to.equal(acl.inputs.visibilityConfig.metricName);
        expect(text, acl.name).to.include(`dimension_WebACL=\\"${acl.inputs.name}\\"`);
      }
      // Web ACLs and distributions carry the environment tag YACE searches by from the provider.
      expect(one(r, "pulumi:providers:aws").inputs.defaultTags.tags.Environment).to.equal(env);
      const yace = YAML.parse(
        one(r, "kubernetes:helm.sh/v3:Release", "monitoring-cloudwatch-exporter").inputs.values
          .config,
      ) as { discovery: { jobs: { type: string }[] } };
      const types = yace.discovery.jobs.map((j) => j.type);
      expect(types).to.include.members(["AWS/ApplicationELB", "AWS/WAFV2"]);
      const cdns = ofType(r, "aws:cloudfront/distribution:Distribution");
      expect(types.includes("AWS/CloudFront")).to.equal(cdns.length > 0);
      for (const d of cdns) {
        const tag = d.inputs.tags["platform.io/public-endpoint"];
        expect(text).to.include(`tag_platform_io_public_endpoint=\\"${tag}\\"`);
      }
    });
  }
});
