import { expect } from "chai";
import type { ProgramRun } from "../../scripts/lib/program";
import { loadEnvironment } from "../../stacks/load";
import { ofType, one, runStack, SHIPPED } from "../helpers/program";

const rds = (r: ProgramRun) => ofType(r, "aws:rds/instance:Instance");
const replicasOf = (r: ProgramRun) =>
  rds(r).filter((i) => i.inputs.replicateSourceDb !== undefined);
/** The zones of an RDS subnet group, through its subnets' availability zones. */
function groupZones(r: ProgramRun, groupName: string): string[] {
  const group = ofType(r, "aws:rds/subnetGroup:SubnetGroup").find(
    (g) => g.outputs.name === groupName,
  )!;
  const subnets = ofType(r, "aws:ec2/subnet:Subnet");
  return group.inputs.subnetIds.map(
    (id: string) => subnets.find((s) => `${s.name}-id` === id)!.inputs.availabilityZone,
  );
}

describe("data tier: where PostgreSQL runs and what a promoted replica keeps", () => {
  for (const stack of SHIPPED) {
    const env = loadEnvironment(stack);
    describe(stack, () => {
      it("keeps automated backups on every read replica, as long as the primary's, so a promoted replica is recoverable", async () => {
        const r = await runStack(stack);
        for (const rep of replicasOf(r))
          expect(rep.inputs.backupRetentionPeriod, rep.name).to.equal(
            env.database.backupRetentionDays,
          );
      });

      it("pins the primary's zone (or, Multi-AZ, its pair of zones) and places no replica in the primary's zone", async () => {
        const r = await runStack(stack);
        const primary = one(r, "aws:rds/instance:Instance", "postgres-primary");
        const zones = groupZones(r, primary.inputs.dbSubnetGroupName);
        if (env.database.multiAz) {
          // RDS refuses an AvailabilityZone with MultiAZ: the subnet group holds exactly the pair.
          expect(primary.inputs.availabilityZone).to.equal(undefined);
          expect(zones).to.deep.equal(env.zones.slice(0, 2));
        } else {
          expect(primary.inputs.availabilityZone).to.equal(env.zones[0]);
          expect(zones).to.deep.equal([env.zones[0]]);
        }
        const replicaZones = replicasOf(r).map((x) => x.inputs.availabilityZone);
        for (const z of replicaZones) expect(env.zones).to.include(z);
        if (!env.database.multiAz) expect(replicaZones).to.not.include(env.zones[0]);
        else if (replicaZones.length > 0 && env.zones.length > 2)
          expect(replicaZones[0], "the first replica outside the Multi-AZ pair").to.equal(
            env.zones[2],
          );
        // Replicas are placed in any data zone: their subnet group spans them all.
        for (const rep of replicasOf(r))
          expect(groupZones(r, rep.inputs.dbSubnetGroupName)).to.deep.equal(env.zones);
      });
    });
  }
});
