import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { Job } from "../../portal/store";
import {
  PortalBox,
  portalBox,
  readEvents,
  request,
  startPortal,
  startUpdate,
  locks,
  waitInProgram,
  waitJob,
  waitRunning,
} from "./helpers";

describe("portal: a crash or a stop during an update leaves the stack usable", function () {
  this.timeout(600_000);
  let box: PortalBox;
  before(() => {
    box = portalBox("restart", { stuck: 'config:\n  fixture:delayMs: "60000"\n' });
  });
  after(() => box?.cleanup());

  it("killed with SIGKILL mid-update, then restarted: the job is failed, the stack unlocked and updatable", async () => {
    const token = box.tokens.admin;
    const first = await startPortal(box);
    const job = await startUpdate(first.url, token, "stuck");
    await waitRunning(first.url, token, job.id);
    await waitInProgram(first.url, token, job.id);
    expect(locks(box, "stuck"), "the update holds the stack's lock").to.have.length(1);
    await first.stop("SIGKILL");

    const second = await startPortal(box);
    try {
      const after = await request<Job>(second.url, "GET", `/jobs/${job.id}`, { token });
      expect(after.body.status).to.equal("failed");
      expect(after.body.error).to.match(/interrupted/);
      expect(locks(box, "stuck"), "the lock was removed on start").to.deep.equal([]);
      const events = await readEvents(second.url, token, job.id);
      expect(events.map((e) => e.event)).to.include("portal");
      // Removed because it was provably the job's own (its CLI's marker or the portal's record).
      const recovery = events.find((e) =>
        /marked failed after a restart/.test(JSON.stringify(e.data)),
      )!.data as { removedLocks: string[]; keptLocks: string[] };
      expect(recovery.removedLocks).to.have.length(1);
      expect(recovery.keptLocks).to.deep.equal([]);
      expect(events.at(-1)!.data).to.deep.include({ status: "failed" });
      // Usable again: the same stack previews and updates (faster now) through the restarted portal.
      fs.writeFileSync(
        path.join(box.projectDir, "Pulumi.stuck.yaml"),
        'config:\n  fixture:delayMs: "1000"\n',
      );
      const next = await startUpdate(second.url, token, "stuck");
      const done = await waitJob(second.url, token, next.id);
      expect(done.status, done.error ?? "").to.equal("succeeded");
      const out = await request<{ outputs: Record<string, unknown> }>(
        second.url,
        "GET",
        "/environments/stuck/outputs",
        { token },
      );
      expect(out.body.outputs.stack).to.equal("stuck");
    } finally {
      await second.stop();
    }
  });

  it("stopped with SIGTERM mid-update: the update is cancelled, the stack unlocked, queued jobs kept", async () => {
    const token = box.tokens.admin;
    fs.writeFileSync(
      path.join(box.projectDir, "Pulumi.stuck.yaml"),
      'config:\n  fixture:delayMs: "60000"\n',
    );
    const first = await startPortal(box);
    const job = await startUpdate(first.url, token, "stuck");
    const queued = await request<Job>(first.url, "POST", "/environments/stuck/refreshes", {
      token,
    });
    await waitRunning(first.url, token, job.id);
    await waitInProgram(first.url, token, job.id);
    // A client following the queued job: shutdown must end its stream, not wait for it.
    const following = readEvents(first.url, token, queued.body.id);
    await new Promise((r) => setTimeout(r, 500));
    const code = await first.stop("SIGTERM");
    expect(code).to.equal(0);
    expect((await following).map((e) => e.event)).to.deep.equal(["shutdown"]);
    expect(locks(box, "stuck")).to.deep.equal([]);

    const second = await startPortal(box);
    try {
      const after = await request<Job>(second.url, "GET", `/jobs/${job.id}`, { token });
      expect(after.body.status).to.equal("cancelled");
      // The refresh queued behind it survived the restart and runs now.
      const refresh = await waitJob(second.url, token, queued.body.id);
      expect(refresh.status, refresh.error ?? "").to.equal("succeeded");
    } finally {
      await second.stop();
    }
  });
});
