import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { Job } from "../../portal/store";
import {
  PortalBox,
  portalBox,
  previewed,
  request,
  RunningPortal,
  startPortal,
  waitJob,
} from "./helpers";

describe("portal: plans of previews never applied are deleted (superseded or expired)", function () {
  this.timeout(600_000);
  let box: PortalBox;
  let portal: RunningPortal;
  let url: string;
  let token: string;
  const planFile = (id: string) => path.join(box.stateDir, "plans", `${id}.json`);
  const job = async (id: string) =>
    (await request<Job>(url, "GET", `/jobs/${id}`, { token: box.tokens.viewer })).body;
  const approve = (id: string) =>
    request<{ message: string; approvedBy: string }>(url, "POST", `/jobs/${id}/approve`, { token });
  const apply = async (preview: Job) => {
    expect((await approve(preview.id)).status).to.equal(200);
    const u = await request<Job>(url, "POST", "/environments/alpha/updates", {
      token,
      body: { previewJobId: preview.id },
    });
    expect(u.status).to.equal(202);
    const done = await waitJob(url, token, u.body.id);
    expect(done.status, done.error ?? "").to.equal("succeeded");
    return done;
  };
  before(async () => {
    box = portalBox("plans");
    token = box.tokens.deployer;
    portal = await startPortal(box);
    url = portal.url;
  });
  after(async () => {
    await portal?.stop();
    box?.cleanup();
  });

  let unchanged: Job;
  it("an update that changes the stack supersedes earlier previews not applied: plan deleted, approval 409", async () => {
    const older = await previewed(url, token, "alpha");
    const applied = await previewed(url, token, "alpha");
    expect(fs.existsSync(planFile(older.id))).to.equal(true);
    expect((await job(older.id)).planStatus).to.equal("saved");
    await apply(applied);
    expect(fs.existsSync(planFile(applied.id)), "the applied plan is gone").to.equal(false);
    expect((await job(applied.id)).planStatus).to.equal("applied");
    expect(fs.existsSync(planFile(older.id)), "the superseded plan is gone").to.equal(false);
    expect((await job(older.id)).planStatus).to.equal("superseded");
    const a = await approve(older.id);
    expect(a.status).to.equal(409);
    expect(a.body.message).to.match(/superseded: the stack changed after it/);
  });

  it("an update that changes nothing supersedes nothing", async () => {
    unchanged = await previewed(url, token, "alpha");
    const noop = await previewed(url, token, "alpha");
    expect(noop.changeSummary).to.deep.equal({ same: 3 });
    await apply(noop);
    expect((await job(unchanged.id)).planStatus).to.equal("saved");
    expect(fs.existsSync(planFile(unchanged.id))).to.equal(true);
  });

  it("a plan older than planTtlMs is deleted, even with no restart, and can no longer be approved", async () => {
    await portal.stop();
    // At start the sweep expires `unchanged` (older than 20 s by now, or soon: polled below).
    portal = await startPortal(box, { PORTAL_PLAN_TTL_MS: "20000" });
    url = portal.url;
    const fresh = await previewed(url, token, "alpha");
    const ended = Date.parse(fresh.finishedAt!);
    expect(fs.existsSync(planFile(fresh.id))).to.equal(Date.now() < ended + 20_000);
    for (let i = 0; i < 240 && fs.existsSync(planFile(fresh.id)); i++) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(fs.existsSync(planFile(fresh.id)), "deleted by the periodic sweep").to.equal(false);
    expect(Date.now()).to.be.at.least(ended + 20_000);
    expect((await job(fresh.id)).planStatus).to.equal("expired");
    const a = await approve(fresh.id);
    expect(a.status).to.equal(409);
    expect(a.body.message).to.match(/has expired/);
    expect((await job(unchanged.id)).planStatus).to.equal("expired");
    expect(fs.existsSync(planFile(unchanged.id))).to.equal(false);
  });

  it("at start, plan files of no known preview are deleted; other files are left alone", async () => {
    await portal.stop();
    const orphan = planFile("00000000-0000-4000-8000-000000000000");
    const other = path.join(box.stateDir, "plans", "README.txt");
    fs.writeFileSync(orphan, "{}");
    fs.writeFileSync(other, "not a plan");
    portal = await startPortal(box);
    url = portal.url;
    expect(fs.existsSync(orphan)).to.equal(false);
    expect(fs.existsSync(other)).to.equal(true);
  });
});
