import { expect } from "chai";
import { isTornStateRead, retryTornReads } from "../../portal/torn-reads";

const torn = () =>
  new Error(
    "Command failed with exit code 1: pulumi stack select\nerror: failed to load checkpoint: EOF",
  );

/** A read that fails with the given errors in turn, then returns "state". */
function flaky(...errors: Error[]) {
  let calls = 0;
  return {
    read: async () => {
      const err = errors[calls++];
      if (err) throw err;
      return "state";
    },
    calls: () => calls,
  };
}

describe("portal: torn checkpoint reads", () => {
  it("recognises the empty-sidecar read, also when wrapped as a cause", () => {
    expect(isTornStateRead(torn())).to.equal(true);
    expect(isTornStateRead(new Error("job failed", { cause: torn() }))).to.equal(true);
    expect(isTornStateRead(new Error("failed to load checkpoint: permission denied"))).to.equal(
      false,
    );
    expect(isTornStateRead("failed to load checkpoint: EOF")).to.equal(false);
  });

  it("retries a read that failed only because the checkpoint was being rewritten", async () => {
    const f = flaky(torn(), torn());
    expect(await retryTornReads(f.read, { delayMs: 1 })).to.equal("state");
    expect(f.calls()).to.equal(3);
  });

  it("does not retry other errors", async () => {
    const f = flaky(new Error("failed to load checkpoint: permission denied"));
    const err = await retryTornReads(f.read, { delayMs: 1 }).catch((e: Error) => e);
    expect(String(err)).to.match(/permission denied/);
    expect(f.calls()).to.equal(1);
  });

  it("gives up after the attempts it was given, with the engine's error", async () => {
    const f = flaky(torn(), torn(), torn(), torn());
    const err = await retryTornReads(f.read, { attempts: 3, delayMs: 1 }).catch((e: Error) => e);
    expect(String(err)).to.match(/failed to load checkpoint: EOF/);
    expect(f.calls()).to.equal(3);
  });

  it("stops retrying once the job is cancelled", async () => {
    const ac = new AbortController();
    ac.abort();
    const f = flaky(torn(), torn());
    await retryTornReads(f.read, { delayMs: 1, signal: ac.signal }).catch(() => undefined);
    expect(f.calls()).to.equal(1);
  });
});
