// The `resources` block charts and manifests take from the add-on table (model/capacity/addons.ts).
import { expect } from "chai";
import { addonResources, ADDON_RESOURCES } from "../../../model/capacity";

describe("the add-on table: a container's resources block", () => {
  it("gives the row's requests and memory limit, and nothing else of the row", () => {
    expect(addonResources("aws-load-balancer-controller")).to.deep.equal({
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { memory: "256Mi" },
    });
  });

  it("gives a copy: changing it leaves the table as it was", () => {
    const r = addonResources("prometheus");
    r.requests.cpu = "1";
    r.limits.memory = "4Gi";
    expect(ADDON_RESOURCES.prometheus.requests.cpu).to.equal("500m");
    expect(ADDON_RESOURCES.prometheus.limits.memory).to.equal("2Gi");
  });
});
