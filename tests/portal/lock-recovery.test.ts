import { expect } from "chai";
import type { Job } from "../../portal/store";
import {
  handCli,
  lockContents,
  PortalBox,
  portalBox,
  readEvents,
  request,
  startPortal,
  startUpdate,
  waitFor,
  waitJob,
} from "./helpers";

interface Update {
  kind: string;
  result: string;
  startTime: string;
  endTime: string | null;
  resourceChanges: Record<string, number>;
}

describe("portal: a crash while a job waits for someone else's lock never removes that lock", function () {
  this.timeout(900_000);
  let box: PortalBox;
  before(() => {
    box = portalBox("lock-recovery");
  });
  after(() => box?.cleanup());

  it("killed with SIGKILL while a job waits for a CLI `pulumi up`, then restarted: the CLI's update finishes alone with its lock untouched, and the job is re-queued and runs after it", async () => {
    const token = box.tokens.deployer;
    // Long enough to outlast the job's wait and a restart: the CLI, not the portal, ends first.
    const settings = { PORTAL_LOCK_WAIT_MS: "600000" };
    const first = await startPortal(box, settings);
    const deployed = await startUpdate(first.url, token, "alpha");
    expect((await waitJob(first.url, token, deployed.id)).status).to.equal("succeeded");

    // An operator runs a slow `pulumi up` by hand on the same stack and state.
    const cli = handCli(box);
    await cli.run(["config", "set", "fixture:delayMs", "60000"], "alpha");
    const manual = cli.start(["up", "--yes", "--skip-preview"], "alpha");
    for (let i = 0; i < 240 && Object.keys(lockContents(box, "alpha")).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const held = lockContents(box, "alpha");
    expect(Object.keys(held), "the CLI holds the stack's lock").to.have.length(1);
    expect(JSON.parse(Object.values(held)[0]).pid).to.equal(manual.child.pid);

    // A portal job that must wait for it: recorded as waiting, in the API and over SSE.
    const r = await request<Job>(first.url, "POST", "/environments/alpha/refreshes", { token });
    expect(r.status).to.equal(202);
    const waiting = await waitFor(first.url, token, r.body.id, (j) => j.status === "waiting");
    expect(waiting.waitingFor).to.include(`(pid ${manual.child.pid})`);
    const seen = await readEvents(first.url, token, r.body.id, undefined, (e) => {
      const d = e.data as { status?: string };
      return e.event === "status" && d.status === "waiting";
    });
    expect(seen.map((e) => e.event)).to.not.include("end");

    await first.stop("SIGKILL");
    const second = await startPortal(box, settings);
    try {
      // Recovery ran before the portal listened: the CLI's lock is exactly as it was.
      expect(lockContents(box, "alpha"), "the CLI's lock was not touched").to.deep.equal(held);
      expect(manual.child.exitCode, "the CLI is still running").to.equal(null);
      const after = await waitFor(second.url, token, r.body.id, (j) => j.status === "waiting");
      expect(after.waitingFor).to.include(`(pid ${manual.child.pid})`);
      const events = await readEvents(second.url, token, r.body.id, undefined, (e) =>
        /restarted while this job waited/.test(JSON.stringify(e.data)),
      );
      const restart = events.at(-1)!.data as { keptLocks: string[]; removedLocks: string[] };
      expect(restart.removedLocks).to.deep.equal([]);
      expect(restart.keptLocks.join()).to.include(`(pid ${manual.child.pid})`);

      // The CLI's update finishes alone and unharmed.
      const out = await manual.done;
      expect(out.code, out.stderr).to.equal(0);
      expect(out.stdout + out.stderr).to.not.match(/problem deleting the lock|locked/i);

      // Then, and only then, the portal's job runs, and succeeds.
      const done = await waitJob(second.url, token, r.body.id);
      expect(done.status, done.error ?? "").to.equal("succeeded");
      const h = await request<{ updates: Update[] }>(
        second.url,
        "GET",
        "/environments/alpha/history",
        { token },
      );
      const [refresh, cliUpdate] = h.body.updates;
      expect([refresh.kind, cliUpdate.kind]).to.deep.equal(["refresh", "update"]);
      expect(cliUpdate.result).to.equal("succeeded");
      expect(cliUpdate.resourceChanges.create, "the CLI's update created its 120 workers").to.equal(
        119,
      );
      expect(Date.parse(refresh.startTime)).to.be.at.least(Date.parse(cliUpdate.endTime!));
      expect(Object.keys(lockContents(box, "alpha"))).to.deep.equal([]);
      const outputs = await request<{ outputs: Record<string, unknown> }>(
        second.url,
        "GET",
        "/environments/alpha/outputs",
        { token },
      );
      expect(outputs.body.outputs.workers).to.equal(120);
    } finally {
      manual.child.kill("SIGKILL");
      await second.stop();
    }
  });
});
