import { expect } from "chai";
import { createClient } from "redis";
import { redisParameterGroup, redisTopology } from "../../components/cache/redis-parameters";
import { RedisServer, startRedis } from "../../scripts/servers";

const MAXMEMORY = 4 * 1024 * 1024;
const KEYS = 20000;
const VALUE = "x".repeat(1024);

/** Writes KEYS values of 1 KiB (about 5x maxmemory) and returns the errors and eviction count. */
async function overfill(
  server: RedisServer,
): Promise<{ errors: string[]; evicted: number; policy: string }> {
  const client = createClient({ url: server.url });
  await client.connect();
  try {
    const errors: string[] = [];
    for (let start = 0; start < KEYS; start += 500) {
      const batch = Array.from({ length: 500 }, (_, i) =>
        client.set(`key:${start + i}`, VALUE).catch((e: Error) => errors.push(e.message)),
      );
      await Promise.all(batch);
    }
    const evicted = Number(/evicted_keys:(\d+)/.exec(await client.info("stats"))?.[1]);
    const policy = (await client.configGet("maxmemory-policy"))["maxmemory-policy"] ?? "";
    return { errors, evicted, policy };
  } finally {
    await client.close();
  }
}

describe("generated Redis parameters on a real redis-server", function () {
  this.timeout(60000);

  it("evicts under allkeys-lru instead of refusing writes when memory is full", async () => {
    const topology = redisTopology({ datasetGb: 4 });
    const server = await startRedis({
      parameterGroup: redisParameterGroup({ clusterMode: topology.clusterMode }),
      maxmemoryBytes: MAXMEMORY,
    });
    try {
      const { errors, evicted, policy } = await overfill(server);
      expect(policy).to.equal("allkeys-lru");
      expect(errors.slice(0, 3)).to.deep.equal([]);
      expect(evicted).to.be.greaterThan(0);
    } finally {
      await server.stop();
    }
  });

  it("would refuse writes with OOM errors under noeviction (so the test above can fail)", async () => {
    const server = await startRedis({
      parameterGroup: redisParameterGroup({ clusterMode: false, maxmemoryPolicy: "noeviction" }),
      maxmemoryBytes: MAXMEMORY,
    });
    try {
      const { errors, evicted } = await overfill(server);
      expect(errors.length).to.be.greaterThan(0);
      expect(errors[0]).to.match(/OOM/);
      expect(evicted).to.equal(0);
    } finally {
      await server.stop();
    }
  });

  it("refuses to start a local server for a cluster-mode parameter group", async () => {
    let message = "";
    await startRedis({ parameterGroup: redisParameterGroup({ clusterMode: true }) }).catch(
      (e: Error) => (message = e.message),
    );
    expect(message).to.match(/enables cluster mode/);
  });
});
