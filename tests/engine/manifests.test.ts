import { expect } from "chai";
import { RenderedObject, validateObject } from "./manifests";

const object = (
  apiVersion: string,
  kind: string,
  body: Record<string, unknown>,
): RenderedObject => ({
  file: "1-manifest/test.yaml",
  apiVersion,
  kind,
  name: "x",
  namespace: "apps",
  body: { apiVersion, kind, metadata: { name: "x", namespace: "apps" }, ...body },
});

/** The validator the rendered-manifest tests rely on: it must reject what the API server would. */
describe("validating rendered manifests against the Kubernetes API schemas (Node 20)", () => {
  const template = {
    metadata: { labels: { app: "x" } },
    spec: { containers: [{ name: "x", image: "x:1" }] },
  };

  it("accepts a well-formed Deployment", async () => {
    expect(
      await validateObject(
        object("apps/v1", "Deployment", {
          spec: { selector: { matchLabels: { app: "x" } }, template },
        }),
      ),
    ).to.deep.equal([]);
  });

  it("rejects a Deployment without a selector and with replicas as text, naming the fields", async () => {
    const [problem] = await validateObject(
      object("apps/v1", "Deployment", { spec: { replicas: "three", template } }),
    );
    expect(problem).to.include("apps/v1 Deployment apps/x");
    expect(problem).to.include("selector");
    expect(problem).to.include("replicas must be integer");
  });

  it("validates KEDA and Prometheus Operator custom resources with their CRD schemas", async () => {
    const bad = object("keda.sh/v1alpha1", "ScaledObject", { spec: { triggers: "rabbitmq" } });
    expect((await validateObject(bad)).join()).to.include("scaleTargetRef");
    const rule = object("monitoring.coreos.com/v1", "PrometheusRule", {
      spec: { groups: [{ name: "g", rules: [{ alert: "A", expr: "up == 0" }] }] },
    });
    expect(await validateObject(rule)).to.deep.equal([]);
  });

  it("reports a kind no installed schema describes instead of accepting it", async () => {
    const [problem] = await validateObject(object("example.com/v1", "Widget", {}));
    expect(problem).to.include("no installed schema describes example.com/v1 Widget");
  });
});
