import { expect } from "chai";
import type { Job } from "../../portal/store";
import {
  PortalBox,
  portalBox,
  previewed,
  readEvents,
  request,
  RunningPortal,
  startPortal,
  startUpdate,
  waitInProgram,
  waitJob,
  waitRunning,
} from "./helpers";

const overlaps = (a: Job, b: Job) =>
  Date.parse(a.startedAt!) < Date.parse(b.finishedAt!) &&
  Date.parse(b.startedAt!) < Date.parse(a.finishedAt!);

describe("portal: jobs queue per stack, run in parallel across stacks, and cancel", function () {
  this.timeout(600_000);
  let box: PortalBox;
  let portal: RunningPortal;
  let url: string;
  let token: string;
  before(async () => {
    box = portalBox("jobs", {
      // Updates of these linger, so overlaps and cancellation are observable.
      slow1: 'config:\n  fixture:delayMs: "4000"\n',
      slow2: 'config:\n  fixture:delayMs: "4000"\n',
      stuck: 'config:\n  fixture:delayMs: "60000"\n',
    });
    // Ten updates queued at once by one token: above the default cap of 5 (queue-caps.test.ts).
    portal = await startPortal(box, { PORTAL_MAX_QUEUED_PER_TOKEN: "10" });
    url = portal.url;
    token = box.tokens.deployer;
  });
  after(async () => {
    await portal?.stop();
    box?.cleanup();
  });

  it("10 concurrent updates of one stack run one at a time and all succeed", async () => {
    const first = await startUpdate(url, token, "alpha");
    expect((await waitJob(url, token, first.id)).status).to.equal("succeeded");
    // Ten approved previews of the same state, then ten updates requested at once.
    const previews: Job[] = [];
    for (let i = 0; i < 10; i++) previews.push(await previewed(url, token, "alpha"));
    for (const p of previews)
      expect((await request(url, "POST", `/jobs/${p.id}/approve`, { token })).status).to.equal(200);
    const accepted = await Promise.all(
      previews.map((p) =>
        request<Job>(url, "POST", "/environments/alpha/updates", {
          token,
          body: { previewJobId: p.id },
        }),
      ),
    );
    expect(accepted.map((r) => r.status)).to.deep.equal(Array(10).fill(202));
    const done = await Promise.all(accepted.map((r) => waitJob(url, token, r.body.id)));
    expect(
      done.map((j) => j.status),
      done.map((j) => j.error).join("\n"),
    ).to.deep.equal(Array(10).fill("succeeded"));
    const sorted = [...done].sort((a, b) => Date.parse(a.startedAt!) - Date.parse(b.startedAt!));
    for (let i = 1; i < sorted.length; i++) {
      expect(Date.parse(sorted[i].startedAt!)).to.be.at.least(
        Date.parse(sorted[i - 1].finishedAt!),
      );
    }
    expect(done.some((j) => /ConcurrentUpdate|locked/i.test(j.error ?? ""))).to.equal(false);
  });

  it("updates of two stacks run at the same time", async () => {
    const [a, b] = await Promise.all([
      startUpdate(url, token, "slow1"),
      startUpdate(url, token, "slow2"),
    ]);
    const [ja, jb] = await Promise.all([waitJob(url, token, a.id), waitJob(url, token, b.id)]);
    expect([ja.status, jb.status]).to.deep.equal(["succeeded", "succeeded"]);
    expect(
      overlaps(ja, jb),
      `${ja.startedAt}..${ja.finishedAt} vs ${jb.startedAt}..${jb.finishedAt}`,
    ).to.equal(true);
  });

  it("cancelling a running update stops it and leaves the stack unlocked for the next job", async () => {
    const job = await startUpdate(url, token, "stuck");
    await waitRunning(url, token, job.id);
    // Interrupt the engine inside the program, not while it is starting.
    await waitInProgram(url, token, job.id);
    const c = await request<Job>(url, "POST", `/jobs/${job.id}/cancel`, { token });
    expect(c.status).to.equal(202);
    const ended = await waitJob(url, token, job.id, 60_000);
    expect(ended.status).to.equal("cancelled");
    expect(Date.parse(ended.finishedAt!) - Date.parse(ended.startedAt!)).to.be.below(45_000);
    const events = await readEvents(url, token, job.id);
    expect(events.at(-1)!.data).to.deep.include({ status: "cancelled" });
    const next = await previewed(url, token, "stuck");
    expect(next.status).to.equal("succeeded");
  });

  it("cancelling a queued job ends it before it starts; the job ahead of it is unaffected", async () => {
    const running = await startUpdate(url, token, "slow1");
    const p = await request<Job>(url, "POST", "/environments/slow1/previews", { token });
    expect(p.body.status).to.equal("queued");
    const c = await request<Job>(url, "POST", `/jobs/${p.body.id}/cancel`, { token });
    expect(c.status).to.equal(202);
    expect(c.body.status).to.equal("cancelled");
    expect(c.body.startedAt).to.equal(null);
    expect((await waitJob(url, token, running.id)).status).to.equal("succeeded");
    expect((await request(url, "POST", `/jobs/${p.body.id}/cancel`, { token })).status).to.equal(
      409,
    );
  });
});
