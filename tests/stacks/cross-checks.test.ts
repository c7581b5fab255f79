import { expect } from "chai";
import { SecretValue } from "../../stacks/load";
import { configProblems, expectAccepted, expectProblem } from "../helpers/config-problems";

/**
 * The checks across settings (stacks/schema/index.ts): each refuses the combination it names, at
 * the key to change, with the bad value where it is a scalar; and a key that is itself invalid
 * skips the checks that need it, so one mistake is reported once.
 */
describe("environment schema: checks across settings", () => {
  it("render and sandbox together are refused at platform:sandbox", () => {
    expectProblem(
      "local",
      (s) => (s.sandbox = { endpoints: s.render.endpoints }),
      "platform:sandbox",
      "platform:render and platform:sandbox are both set; keep one (render writes YAML, sandbox applies to a proving ground)",
    );
  });

  it("a budget shutdown without an office-hours schedule is refused, with the value", () => {
    const p = expectProblem(
      "prod",
      (s) => (s.budget.shutdownAtPercent = 100),
      "platform:budget.shutdownAtPercent",
      "scales application node groups to their off-hours size, which needs platform:offHours; add a schedule or remove it",
    );
    expect(p.value).to.equal(100);
  });

  it("an off-hours size without an office-hours schedule is refused at that group", () => {
    const p = expectProblem(
      "prod",
      (s) => (s.nodeGroups["app-spot"].offHoursSize = 0),
      "platform:nodeGroups.app-spot.offHoursSize",
      "has no effect without platform:offHours; add an offHours schedule or remove it",
    );
    expect(p.value).to.equal(0);
  });

  it("dev's off-hours sizes and budget shutdown are accepted because dev has a schedule", () => {
    expectAccepted("dev", () => undefined);
    const found = configProblems("dev", (s) => delete s.offHours);
    expect(found.map((p) => p.key)).to.have.members([
      "platform:budget.shutdownAtPercent",
      "platform:nodeGroups.system.offHoursSize",
      "platform:nodeGroups.app-spot.offHoursSize",
      "platform:nodeGroups.baseline.offHoursSize",
    ]);
  });

  it("the autoscaler's image must follow the cluster's minor version, with the image tag as the value", () => {
    const p = expectProblem(
      "dev",
      (s) =>
        (s.charts = {
          clusterAutoscaler: {
            repository: "https://kubernetes.github.io/autoscaler",
            name: "cluster-autoscaler",
            version: "9.59.0",
            imageTag: "v1.33.1",
          },
        }),
      "platform:charts.clusterAutoscaler.imageTag",
      "cluster autoscaler v1.33.1 must match the cluster's minor version 1.36 (platform:cluster.version)",
    );
    expect(p.value).to.equal("v1.33.1");
  });

  it("an unknown top-level key is refused: with the nearest setting when one is close, else pointing at the reference", () => {
    expectProblem(
      "dev",
      (s) => (s.netwrok = {}),
      "platform:netwrok",
      "is not a known setting; did you mean platform:network?",
    );
    expectProblem(
      "dev",
      (s) => (s.zzzzqqqq = 1),
      "platform:zzzzqqqq",
      "is not a known setting; see docs/configuration.md",
    );
  });

  it("a setting stored as a secret that is not a secret setting is refused once, and skips its checks", () => {
    const found = configProblems("dev", (s) => (s.network = new SecretValue("{}")));
    expect(found).to.deep.equal([
      {
        key: "platform:network",
        message:
          "is stored as a secret, but it is not a secret setting; set it in plain text with pulumi config set platform:network ...",
      },
    ]);
  });

  it("an object is not repeated as the bad value; a scalar is", () => {
    const [sandbox] = configProblems(
      "local",
      (s) => (s.sandbox = { endpoints: s.render.endpoints }),
    );
    expect(sandbox.key).to.equal("platform:sandbox");
    expect(sandbox.value).to.equal(undefined);
    const [zones] = configProblems("dev", (s) => {
      s.aws.region = "eu-west-1";
      s.network.zones = 4;
    });
    expect(zones).to.deep.equal({
      key: "platform:network.zones",
      message:
        "platform:aws.region eu-west-1 offers 3 zones usable by EKS (eu-west-1a, eu-west-1b, eu-west-1c); ask for at most 3",
      value: 4,
    });
  });
});
