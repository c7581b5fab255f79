import { expect } from "chai";
import { runStack } from "../helpers/program";
import { expectViolation, verdicts, withEdited } from "./helpers";

const ZONE = "topology.kubernetes.io/zone";

/**
 * zone-spread on what the program registers for prod (the hand-made cases are in
 * zone-spread.test.ts, which mutation testing runs; this one runs the whole program).
 */
describe("policy pack: zone-spread on the real prod registrations", function () {
  this.timeout(180_000);

  it("prod's services spread hard; one switched to ScheduleAnyway fails the pack", async () => {
    const prod = await runStack("prod");
    const api = prod.resources.find(
      (r) => r.type === "kubernetes:apps/v1:Deployment" && r.inputs.metadata?.name === "agent-api",
    );
    expect(api, "prod registers the agent-api Deployment").to.not.equal(undefined);
    const soft = withEdited(
      prod,
      "kubernetes:apps/v1:Deployment",
      (inputs) => {
        const spread = inputs.spec.template.spec.topologySpreadConstraints as Array<
          Record<string, unknown>
        >;
        const zone = spread.filter((c) => c.topologyKey === ZONE);
        expect(zone.map((c) => c.whenUnsatisfiable)).to.deep.equal(["DoNotSchedule"]);
        zone[0].whenUnsatisfiable = "ScheduleAnyway";
      },
      api!.name,
    );
    expectViolation(
      await verdicts(soft),
      "zone-spread",
      /agent-api: spreads over topology.kubernetes.io\/zone with whenUnsatisfiable ScheduleAnyway; this environment requires DoNotSchedule/,
    );
  });
});
