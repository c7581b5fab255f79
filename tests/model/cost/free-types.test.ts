import { expect } from "chai";
import { COST_INPUTS, ResourceLike } from "../../../model/cost";
import { freshCostModule } from "./fresh";

type Coverage = typeof import("../../../model/cost/coverage");

const of = (type: string, props: Record<string, unknown> = {}): ResourceLike => ({
  type,
  name: "r",
  props,
});

describe("cost model: resource types judged free", () => {
  it("every free type gives the reader a reason that is a sentence, not an empty string", () => {
    const { FREE_RESOURCE_TYPES, freeReason } = freshCostModule<Coverage>("coverage");
    const types = Object.keys(FREE_RESOURCE_TYPES);
    expect(types.length).to.be.greaterThan(40);
    for (const type of types) {
      const reason = freeReason(of(type));
      expect(reason, type).to.be.a("string");
      // The shortest reason, "IAM has no charge", has 17 characters.
      expect(reason!.length, `${type}: ${reason}`).to.be.at.least(17);
      expect(reason, type).to.equal(FREE_RESOURCE_TYPES[type]);
    }
  });

  it("free families by prefix say why: providers, the platform's components, random values", () => {
    const { freeReason } = freshCostModule<Coverage>("coverage");
    expect(freeReason(of("pulumi:providers:aws"))).to.equal("providers are not cloud resources");
    expect(freeReason(of("platform:network:Network"))).to.equal(
      "the platform's component resources group children that are classified one by one",
    );
    expect(freeReason(of("random:index/randomPassword:RandomPassword"))).to.equal(
      "generated values, not cloud resources",
    );
  });

  it("Kubernetes objects are free except volume claims and LoadBalancer Services", () => {
    const { freeReason } = freshCostModule<Coverage>("coverage");
    const onNodes = "Kubernetes objects run on priced nodes";
    expect(freeReason(of("kubernetes:apps/v1:Deployment"))).to.equal(onNodes);
    expect(freeReason(of("kubernetes:core/v1:PersistentVolumeClaim"))).to.equal(undefined);
    expect(
      freeReason(of("kubernetes:core/v1:Service", { spec: { type: "LoadBalancer" } })),
    ).to.equal(undefined);
    expect(freeReason(of("kubernetes:core/v1:Service", { spec: { type: "ClusterIP" } }))).to.equal(
      onNodes,
    );
    expect(freeReason(of("kubernetes:core/v1:Service"))).to.equal(onNodes);
    // Only a Service of that type makes the AWS Load Balancer Controller create a load balancer.
    expect(
      freeReason(of("kubernetes:apps/v1:Deployment", { spec: { type: "LoadBalancer" } })),
    ).to.equal(onNodes);
  });

  it("an AWS type nobody judged is not free (so it shows up as not modelled)", () => {
    const { freeReason } = freshCostModule<Coverage>("coverage");
    expect(freeReason(of("aws:s3/bucket:Bucket"))).to.equal(undefined);
  });

  it("a program recording resources for pricing keeps a Service's type, which decides if it is free", () => {
    const { FREE_CHECK_INPUTS } = freshCostModule<Coverage>("coverage");
    expect(FREE_CHECK_INPUTS).to.deep.equal({ "kubernetes:core/v1:Service": ["spec.type"] });
    expect(COST_INPUTS["kubernetes:core/v1:Service"]).to.deep.equal(["spec.type"]);
  });
});
