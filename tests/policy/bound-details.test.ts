import { expect } from "chai";
import { messages, nodeGroup, resource } from "./resources";

const RDS = "aws:rds/instance:Instance";
const QPS_TAG = "platform.io/declared-read-write-qps";

/**
 * The details the node-group and read-replica bounds depend on, beyond the limits themselves
 * (`boundaries.test.ts`): which resources they judge, how a size that is not set is handled, and
 * how a replica is linked to its primary. Found by mutation testing as changes no test noticed.
 */
describe("policy pack: node-group and read-replica bound details", () => {
  describe("node-group-size-bounds", () => {
    const sized = (sizes: Record<string, number>) => {
      const ng = nodeGroup("nodes-app", { min: 1, max: 1 });
      ng.inputs.scalingConfig = sizes;
      return messages("node-group-size-bounds", { min: 1, max: 60 }, [ng]);
    };

    it("judges only node groups", async () => {
      expect(
        await messages("node-group-size-bounds", { min: 2, max: 60 }, [
          resource("aws:autoscaling/group:Group", "asg", { minSize: 0, maxSize: 100 }),
        ]),
      ).to.deep.equal([]);
    });

    it("sizes given as strings are read as numbers", async () => {
      const ng = nodeGroup("nodes-app", { min: 1, max: 1 });
      ng.inputs.scalingConfig = { minSize: "2", desiredSize: "2", maxSize: "61" };
      expect(await messages("node-group-size-bounds", { min: 2, max: 60 }, [ng])).to.deep.equal([
        "NodeGroup nodes-app: maxSize 61 is outside this environment's bounds [2, 60]",
      ]);
    });

    it("each size out of bounds is reported, in the order min, desired, max", async () => {
      expect(await sized({ minSize: 0, desiredSize: 61, maxSize: 61 })).to.deep.equal([
        "NodeGroup nodes-app: minSize 0 is outside this environment's bounds [1, 60]",
        "NodeGroup nodes-app: desiredSize 61 is outside this environment's bounds [1, 60]",
        "NodeGroup nodes-app: maxSize 61 is outside this environment's bounds [1, 60]",
      ]);
    });

    it("with minSize unset, a desiredSize above maxSize is reported only as the unset size", async () => {
      expect(await sized({ desiredSize: 5, maxSize: 3 })).to.deep.equal([
        "NodeGroup nodes-app: scalingConfig.minSize is not set",
      ]);
    });

    it("with maxSize unset, a minSize above desiredSize is reported only as the unset size", async () => {
      expect(await sized({ minSize: 5, desiredSize: 3 })).to.deep.equal([
        "NodeGroup nodes-app: scalingConfig.maxSize is not set",
      ]);
    });

    it("every unset size is named", async () => {
      expect(await sized({})).to.deep.equal([
        "NodeGroup nodes-app: scalingConfig.minSize is not set",
        "NodeGroup nodes-app: scalingConfig.desiredSize is not set",
        "NodeGroup nodes-app: scalingConfig.maxSize is not set",
      ]);
    });
  });

  describe("rds-read-replica-bounds", () => {
    const primary = (name: string, props: Record<string, unknown> = {}) =>
      resource(RDS, name, props);
    const replica = (name: string, source: string) =>
      resource(RDS, name, { replicateSourceDb: source });
    const check = (rs: ReturnType<typeof resource>[], min = 1, max = 1) =>
      messages("rds-read-replica-bounds", { min, max }, rs);

    it("a replica is linked by its primary's identifier, ARN or logical name", async () => {
      for (const source of ["platform-db", "arn:aws:rds:us-east-1:1:db:platform-db", "db"])
        expect(
          await check([
            primary("db", {
              identifier: "platform-db",
              arn: "arn:aws:rds:us-east-1:1:db:platform-db",
            }),
            replica("r", source),
          ]),
          source,
        ).to.deep.equal([]);
    });

    it("a replica of another primary does not count, by reference or by dependency", async () => {
      const a = primary("a", { identifier: "a-db" });
      const b = primary("b", { identifier: "b-db" });
      const ofB = replica("r", "arn-not-known-yet");
      ofB.propertyDependencies = { replicateSourceDb: [b.urn] };
      expect(await check([a, b, ofB, replica("r2", "b-db")], 0, 2)).to.deep.equal([]);
      expect(await check([a, b, ofB, replica("r2", "b-db")], 1, 2)).to.deep.equal([
        "Instance a: 0 read replica(s) is outside this environment's bounds [1, 2]",
      ]);
    });

    it("primaries are not each other's replicas, even without an identifier or ARN", async () => {
      expect(await check([primary("a"), primary("b")], 0, 0)).to.deep.equal([]);
    });

    it("replicas are not judged as primaries", async () => {
      expect(await check([primary("a"), replica("r", "a")], 1, 1)).to.deep.equal([]);
    });

    it("only RDS instances count", async () => {
      expect(
        await check(
          [primary("a"), resource("aws:rds/cluster:Cluster", "c", { replicateSourceDb: "a" })],
          0,
          0,
        ),
      ).to.deep.equal([]);
    });
  });

  describe("declared-load-fits-shape links replicas the same way", () => {
    it("another primary without an identifier or ARN is not a replica", async () => {
      expect(
        await messages("declared-load-fits-shape", {}, [
          resource(RDS, "db", { tags: { [QPS_TAG]: "900/200" } }),
          resource(RDS, "other", {}),
        ]),
      ).to.deep.equal([
        "Instance db: declared load 900 reads/s : 200 writes/s — read:write 4.50:1 exceeds 4:1; add a read replica (0 → 1 of at most 3); suggested platform:database.readReplicas: 1",
      ]);
    });

    it("a replica of another primary does not count", async () => {
      const other = resource(RDS, "other", { identifier: "other-db" });
      const ofOther = resource(RDS, "r", { replicateSourceDb: "x" });
      ofOther.propertyDependencies = { replicateSourceDb: [other.urn] };
      expect(
        await messages("declared-load-fits-shape", {}, [
          resource(RDS, "db", { identifier: "platform-db", tags: { [QPS_TAG]: "900/200" } }),
          other,
          ofOther,
        ]),
      ).to.deep.equal([
        "Instance db: declared load 900 reads/s : 200 writes/s — read:write 4.50:1 exceeds 4:1; add a read replica (0 → 1 of at most 3); suggested platform:database.readReplicas: 1",
      ]);
    });
  });
});
