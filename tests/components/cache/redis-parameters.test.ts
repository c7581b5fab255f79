import { expect } from "chai";
import fc from "fast-check";
import {
  redisConfLines,
  redisParameterGroup,
  redisTopology,
} from "../../../components/cache/redis-parameters";

function parameter(
  group: ReturnType<typeof redisParameterGroup>,
  name: string,
): string | undefined {
  return group.parameters.find((p) => p.name === name)?.value;
}

describe("redis topology", () => {
  it("keeps a dataset under 5 GB on a single node without cluster mode", () => {
    expect(redisTopology({ datasetGb: 4 })).to.deep.equal({
      clusterMode: false,
      shards: 1,
      replicasPerShard: 0,
      nodes: 1,
      perShardGb: 4,
    });
  });

  it("switches to cluster mode at 5 GB", () => {
    expect(redisTopology({ datasetGb: 5 })).to.include({ clusterMode: true, shards: 1 });
  });

  it("adds a shard for every started 30 GB", () => {
    expect([30, 31, 90, 91].map((gb) => redisTopology({ datasetGb: gb }).shards)).to.deep.equal([
      1, 2, 3, 4,
    ]);
  });

  it("never puts more than 30 GB on one shard", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 2400, noNaN: true }),
        fc.integer({ min: 0, max: 5 }),
        (gb, replicas) => {
          const t = redisTopology({ datasetGb: gb, replicasPerShard: replicas });
          expect(t.perShardGb).to.be.at.most(30);
          expect(t.nodes).to.equal(t.shards * (1 + replicas));
        },
      ),
    );
  });

  it("refuses configured shards that cannot hold the dataset", () => {
    expect(() => redisTopology({ datasetGb: 90, shards: 2 })).to.throw(
      /redis\.shards: 2 shards cannot hold 90 GB at most 30 GB per shard; need at least 3/,
    );
    expect(redisTopology({ datasetGb: 90, shards: 5, replicasPerShard: 2 })).to.include({
      shards: 5,
      nodes: 15,
    });
    expect(() => redisTopology({ datasetGb: 4, shards: 2 })).to.throw(/need cluster mode/);
  });

  it("refuses a dataset that needs more nodes than one ElastiCache cluster allows", () => {
    expect(() => redisTopology({ datasetGb: 20000 })).to.throw(
      /redis\.datasetGb: 20000 GB needs 667 shards × 1 nodes = 667 nodes, over ElastiCache's 500/,
    );
    expect(() => redisTopology({ datasetGb: 3000, replicasPerShard: 5 })).to.throw(/600 nodes/);
  });

  it("refuses sizes and replica counts out of range", () => {
    expect(() => redisTopology({ datasetGb: 0 })).to.throw(/redis\.datasetGb: 0 is not allowed/);
    expect(() => redisTopology({ datasetGb: Number.NaN })).to.throw(/datasetGb/);
    expect(() => redisTopology({ datasetGb: 4, replicasPerShard: 6 })).to.throw(
      /replicasPerShard: 6 .* from 0 to 5/,
    );
    expect(() => redisTopology({ datasetGb: 4, singleNodeMaxGb: 40 })).to.throw(
      /singleNodeMaxGb: 40 GB exceeds maxGbPerShard 30 GB/,
    );
  });
});

describe("redis parameter group", () => {
  it("evicts least-recently-used keys by default and follows the cluster mode", () => {
    const single = redisParameterGroup({ clusterMode: false });
    const cluster = redisParameterGroup({ clusterMode: true });
    expect(single.family).to.equal("redis7");
    expect(parameter(single, "maxmemory-policy")).to.equal("allkeys-lru");
    expect(parameter(single, "cluster-enabled")).to.equal("no");
    expect(parameter(cluster, "cluster-enabled")).to.equal("yes");
  });

  it("refuses unknown policies and families", () => {
    expect(() =>
      redisParameterGroup({ clusterMode: false, maxmemoryPolicy: "lru" as "allkeys-lru" }),
    ).to.throw(/maxmemoryPolicy: "lru" is not a Redis eviction policy; allowed: allkeys-lru/);
    expect(() =>
      redisParameterGroup({ clusterMode: false, family: "redis5.0" as "redis7" }),
    ).to.throw(/family: "redis5.0" is not supported/);
  });

  it("leaves ElastiCache-only parameters out of a plain redis.conf", () => {
    const lines = redisConfLines(redisParameterGroup({ clusterMode: false }));
    expect(lines).to.include("maxmemory-policy allkeys-lru");
    expect(lines.some((l) => l.startsWith("reserved-memory-percent"))).to.equal(false);
  });
});
