import { expect } from "chai";
import type { Job } from "../../portal/store";
import {
  PortalBox,
  portalBox,
  previewed,
  request,
  RunningPortal,
  startPortal,
  startUpdate,
  waitInProgram,
  waitJob,
  waitRunning,
} from "./helpers";

describe("portal: queued jobs are capped per token and overall (429 with Retry-After)", function () {
  this.timeout(600_000);
  let box: PortalBox;
  let portal: RunningPortal;
  let url: string;
  let tokens: PortalBox["tokens"];
  let blocker: Job;
  /** An approved preview of alpha, made before the queue fills up. */
  let ready: Job;
  const preview = (token: string) =>
    request<Job & { message: string }>(url, "POST", "/environments/stuck/previews", { token });
  const jobCount = async () =>
    (await request<{ jobs: Job[] }>(url, "GET", "/jobs?limit=500", { token: tokens.viewer })).body
      .jobs.length;

  before(async () => {
    box = portalBox("caps", { stuck: 'config:\n  fixture:delayMs: "120000"\n' });
    tokens = box.tokens;
    portal = await startPortal(box, {
      PORTAL_MAX_QUEUED_PER_TOKEN: "2",
      PORTAL_MAX_QUEUED: "3",
    });
    url = portal.url;
    ready = await previewed(url, tokens.admin, "alpha");
    expect(
      (await request(url, "POST", `/jobs/${ready.id}/approve`, { token: tokens.admin })).status,
    ).to.equal(200);
    // A long update holds the stack, so what is submitted next stays queued behind it.
    blocker = await startUpdate(url, tokens.admin, "stuck");
    await waitRunning(url, tokens.admin, blocker.id);
    await waitInProgram(url, tokens.admin, blocker.id);
  });
  after(async () => {
    await portal?.stop();
    box?.cleanup();
  });

  const queued: Job[] = [];
  it("a token may queue maxQueuedPerToken jobs; its next one is 429 with Retry-After and creates no job", async () => {
    for (let i = 0; i < 2; i++) {
      const r = await preview(tokens.deployer);
      expect(r.status).to.equal(202);
      expect(r.body.status).to.equal("queued");
      queued.push(r.body);
    }
    const before = await jobCount();
    const r = await preview(tokens.deployer);
    expect(r.status).to.equal(429);
    expect(r.body.message).to.match(/deployer-user already has 2 jobs queued or waiting/);
    expect(r.body.message).to.match(/maxQueuedPerToken/);
    expect(Number(r.headers["retry-after"])).to.be.within(5, 600);
    expect(await jobCount()).to.equal(before);
  });

  it("the running job does not count: another token may still queue, up to the global cap", async () => {
    const r = await preview(tokens.admin);
    expect(r.status).to.equal(202);
    queued.push(r.body);
    const full = await preview(tokens.admin);
    expect(full.status).to.equal(429);
    expect(full.body.message).to.match(/the portal already has 3 jobs queued or waiting/);
    expect(full.headers["retry-after"]).to.match(/^\d+$/);
  });

  it("an update is refused the same way before its preview is claimed, so it can be applied later", async () => {
    const r = await request<Job & { message: string }>(url, "POST", "/environments/alpha/updates", {
      token: tokens.admin,
      body: { previewJobId: ready.id },
    });
    expect(r.status).to.equal(429);
    expect(r.headers["retry-after"]).to.match(/^\d+$/);
    const p = await request<Job>(url, "GET", `/jobs/${ready.id}`, { token: tokens.viewer });
    expect(p.body.appliedBy).to.equal(null);
    expect(p.body.planStatus).to.equal("saved");
  });

  it("once a queued job is cancelled the token may queue again", async () => {
    const c = await request<Job>(url, "POST", `/jobs/${queued[0].id}/cancel`, {
      token: tokens.deployer,
    });
    expect(c.body.status).to.equal("cancelled");
    const r = await preview(tokens.deployer);
    expect(r.status).to.equal(202);
    queued.push(r.body);
    await request(url, "POST", `/jobs/${blocker.id}/cancel`, { token: tokens.admin });
    expect((await waitJob(url, tokens.viewer, blocker.id)).status).to.equal("cancelled");
    for (const j of queued.slice(1)) {
      expect((await waitJob(url, tokens.viewer, j.id)).status).to.equal("succeeded");
    }
    const u = await request<Job>(url, "POST", "/environments/alpha/updates", {
      token: tokens.admin,
      body: { previewJobId: ready.id },
    });
    expect(u.status).to.equal(202);
    expect((await waitJob(url, tokens.viewer, u.body.id)).status).to.equal("succeeded");
  });
});
