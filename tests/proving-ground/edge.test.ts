import { expect } from "chai";
import { KubeObject, ProvingGround, start } from "../../scripts/proving-ground";
import type { RegisteredResource } from "../../scripts/lib/program";
import { runStack } from "../helpers/program";
import { TIMEOUT_SCALE } from "./helpers";

type Ingress = KubeObject & {
  metadata: { annotations: Record<string, string> };
  spec: {
    ingressClassName: string;
    rules: {
      host: string;
      http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] };
    }[];
  };
};

/** A registered Kubernetes object as the API server takes it (apiVersion and kind from its type). */
function manifest(r: RegisteredResource): KubeObject {
  const [, group, kind] = r.type.split(":");
  return { apiVersion: group.replace(/^core\//, ""), kind, ...r.inputs } as KubeObject;
}

/**
 * The in-cluster half of prod's way in, as the program registers it, applied to a real
 * kube-apiserver: the labelled namespace, agent-api's Service and its Ingress. The load balancer
 * controller itself needs AWS (it creates ALBs and reads the ACM and WAF ARNs) and does not run here.
 */
describe("proving ground: prod's public Ingress and readiness-gate namespace on a real API server", function () {
  this.timeout(600000);
  let pg: ProvingGround;
  let objects: Record<string, RegisteredResource>;

  before(async () => {
    const r = await runStack("prod");
    const find = (type: string, name: string) =>
      r.resources.find((x) => x.type === type && x.inputs.metadata?.name === name)!;
    objects = {
      namespace: find("kubernetes:core/v1:Namespace", "apps"),
      service: find("kubernetes:core/v1:Service", "agent-api"),
      ingress: find("kubernetes:networking.k8s.io/v1:Ingress", "agent-api"),
    };
    pg = await start({
      timeoutScale: TIMEOUT_SCALE,
      kwok: false,
      metricsServer: false,
      keda: false,
      rabbitmq: false,
      crds: false,
    });
  });
  after(async () => pg?.stop());

  it("accepts the namespace with the label the controller's webhook injects readiness gates by", async () => {
    const ns = await pg.client.apply(manifest(objects.namespace));
    const labels = ns.metadata.labels as Record<string, string>;
    expect(labels["elbv2.k8s.aws/pod-readiness-gate-inject"]).to.equal("enabled");
  });

  it("accepts agent-api's Ingress as built (class alb, IP targets, TLS, WAF, draining), backed by the Service's http port", async () => {
    const svc = (await pg.client.apply(manifest(objects.service))) as KubeObject & {
      spec: { type: string; ports: { name: string }[] };
    };
    const ing = (await pg.client.apply(manifest(objects.ingress))) as Ingress;
    expect(ing.spec.ingressClassName).to.equal("alb");
    const rule = ing.spec.rules[0];
    expect(rule.host).to.equal("api-origin.example.com");
    const backend = rule.http.paths[0].backend.service;
    expect(backend.name).to.equal(svc.metadata.name);
    expect(svc.spec.ports.map((p) => p.name)).to.include(backend.port.name);
    expect(svc.spec.type).to.equal("ClusterIP");
    const a = ing.metadata.annotations;
    expect(a["alb.ingress.kubernetes.io/target-type"]).to.equal("ip");
    expect(a["alb.ingress.kubernetes.io/ssl-redirect"]).to.equal("443");
    expect(a["alb.ingress.kubernetes.io/target-group-attributes"]).to.equal(
      "deregistration_delay.timeout_seconds=20",
    );
    expect(a["alb.ingress.kubernetes.io/wafv2-acl-arn"]).to.match(/^arn:aws:wafv2:/);
  });
});
