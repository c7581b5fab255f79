import { expect } from "chai";
import { OutputsCache } from "../../portal/outputs-cache";

/** A loader whose calls are counted and resolved by hand. */
function loader() {
  const pending: ((v: number) => void)[] = [];
  let calls = 0;
  return {
    load: () => {
      calls++;
      return new Promise<number>((r) => pending.push(r));
    },
    resolve: (v: number) => pending.shift()!(v),
    calls: () => calls,
  };
}
const tick = () => new Promise((r) => setImmediate(r));

describe("portal outputs cache", () => {
  it("requests arriving while the first engine call runs share it", async () => {
    const l = loader();
    const cache = new OutputsCache(l.load, 60_000);
    const all = Promise.all([cache.get("a"), cache.get("a"), cache.get("a")]);
    l.resolve(1);
    expect(await all).to.deep.equal([1, 1, 1]);
    expect(l.calls()).to.equal(1);
  });

  it("after the TTL the stale value is served at once while one refresh runs", async () => {
    const l = loader();
    const cache = new OutputsCache(l.load, 0);
    const first = cache.get("a");
    l.resolve(1);
    await first;
    expect(await cache.get("a")).to.equal(1);
    expect(await cache.get("a")).to.equal(1);
    expect(l.calls(), "one refresh, not one per request").to.equal(2);
    l.resolve(2);
    await tick();
    expect(await cache.get("a")).to.equal(2);
  });

  it("invalidation (a job ended) makes the next request wait for fresh outputs, discarding an older refresh", async () => {
    const l = loader();
    const cache = new OutputsCache(l.load, 0);
    const first = cache.get("a");
    l.resolve(1);
    await first;
    void cache.get("a"); // starts a background refresh (call 2)
    cache.invalidate("a");
    const fresh = cache.get("a"); // call 3, waited for
    l.resolve(99); // the refresh that began before the job ended
    l.resolve(3);
    expect(await fresh).to.equal(3);
    await tick();
    expect(await cache.get("a")).to.equal(3);
  });

  it("a failed engine call is not cached", async () => {
    let n = 0;
    const cache = new OutputsCache(async () => {
      if (++n === 1) throw new Error("engine down");
      return n;
    }, 60_000);
    let failed = false;
    await cache.get("a").catch(() => (failed = true));
    expect(failed).to.equal(true);
    expect(await cache.get("a")).to.equal(2);
  });
});
