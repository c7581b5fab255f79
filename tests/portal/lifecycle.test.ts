import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
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
  waitJob,
} from "./helpers";

describe("portal: preview, approve, update, outputs, history (real engine over HTTP)", function () {
  this.timeout(300_000);
  let box: PortalBox;
  let portal: RunningPortal;
  let url: string;
  before(async () => {
    box = portalBox("lifecycle");
    portal = await startPortal(box);
    url = portal.url;
  });
  after(async () => {
    await portal?.stop();
    box?.cleanup();
  });

  it("lists the project's stack files as environments, protection read from stack config", async () => {
    const r = await request<{
      environments: { name: string; protected: boolean; lastUpdate: unknown }[];
    }>(url, "GET", "/environments", { token: box.tokens.viewer });
    expect(r.status).to.equal(200);
    expect(r.body.environments.map((e) => [e.name, e.protected])).to.deep.equal([
      ["alpha", false],
      ["beta", false],
      ["vault", true],
    ]);
    expect(r.body.environments.every((e) => e.lastUpdate === null)).to.equal(true);
  });

  let previewId: string;
  it("a preview is a 202 job that ends with the change summary and saves a plan", async () => {
    const r = await request<Job>(url, "POST", "/environments/alpha/previews", {
      token: box.tokens.deployer,
    });
    expect(r.status).to.equal(202);
    expect(r.body.status).to.be.oneOf(["queued", "running"]);
    const job = await waitJob(url, box.tokens.viewer, r.body.id);
    expect(job.status, job.error ?? "").to.equal("succeeded");
    expect(job.changeSummary).to.deep.equal({ create: 3 });
    expect(fs.existsSync(path.join(box.stateDir, "plans", `${job.id}.json`))).to.equal(true);
    previewId = job.id;
  });

  it("an update of a preview that is not approved is refused with 409", async () => {
    const r = await request(url, "POST", "/environments/alpha/updates", {
      token: box.tokens.deployer,
      body: { previewJobId: previewId },
    });
    expect(r.status).to.equal(409);
  });

  it("an approved preview is applied once: the update succeeds with the reviewed changes", async () => {
    const a = await request<Job>(url, "POST", `/jobs/${previewId}/approve`, {
      token: box.tokens.deployer,
    });
    expect(a.status).to.equal(200);
    expect(a.body.approvedBy).to.equal("deployer-user");
    const u = await request<Job>(url, "POST", "/environments/alpha/updates", {
      token: box.tokens.deployer,
      body: { previewJobId: previewId },
    });
    expect(u.status).to.equal(202);
    const job = await waitJob(url, box.tokens.viewer, u.body.id);
    expect(job.status, job.error ?? "").to.equal("succeeded");
    expect(job.changeSummary).to.deep.equal({ create: 3 });
    const again = await request(url, "POST", "/environments/alpha/updates", {
      token: box.tokens.deployer,
      body: { previewJobId: previewId },
    });
    expect(again.status).to.equal(409);
  });

  it("outputs are the stack's outputs with secret values redacted", async () => {
    const r = await request<{ outputs: Record<string, unknown> }>(
      url,
      "GET",
      "/environments/alpha/outputs",
      { token: box.tokens.viewer },
    );
    expect(r.status).to.equal(200);
    expect(r.body.outputs).to.deep.equal({
      stack: "alpha",
      replicas: 2,
      workers: 1,
      token: "[secret]",
    });
    expect(JSON.stringify(r.body)).to.not.include("token-of-alpha");
  });

  it("history lists the engine's update and the portal's jobs; the environment shows its last update", async () => {
    const r = await request<{
      updates: { kind: string; result: string; resourceChanges: object }[];
      jobs: Job[];
    }>(url, "GET", "/environments/alpha/history", { token: box.tokens.viewer });
    expect(r.status).to.equal(200);
    expect(r.body.updates).to.have.length(1);
    expect(r.body.updates[0]).to.include({ kind: "update", result: "succeeded" });
    expect(r.body.updates[0].resourceChanges).to.deep.equal({ create: 3 });
    expect(r.body.jobs.map((j) => j.kind)).to.deep.equal(["update", "preview"]);
    const env = await request<{ lastUpdate: { time: string } | null }>(
      url,
      "GET",
      "/environments/alpha",
      { token: box.tokens.viewer },
    );
    expect(env.body.lastUpdate?.time).to.be.a("string");
  });

  it("what was reviewed is what is applied: a config change after approval makes the update fail, state unchanged", async () => {
    const preview = await previewed(url, box.tokens.deployer, "alpha");
    expect(preview.changeSummary).to.deep.equal({ same: 3 });
    await request(url, "POST", `/jobs/${preview.id}/approve`, { token: box.tokens.deployer });
    const file = path.join(box.projectDir, "Pulumi.alpha.yaml");
    fs.writeFileSync(
      file,
      fs.readFileSync(file, "utf8").replace(/fixture:replicas: .*/, 'fixture:replicas: "7"'),
    );
    const u = await request<Job>(url, "POST", "/environments/alpha/updates", {
      token: box.tokens.deployer,
      body: { previewJobId: preview.id },
    });
    const job = await waitJob(url, box.tokens.viewer, u.body.id);
    expect(job.status).to.equal("failed");
    expect(job.error).to.match(/web violates plan: properties changed/);
    // The outputs cache was dropped when the job ended, so this asks the engine again.
    const out = await request<{ outputs: Record<string, unknown> }>(
      url,
      "GET",
      "/environments/alpha/outputs",
      { token: box.tokens.viewer },
    );
    expect(out.body.outputs.replicas).to.equal(2);
  });

  it("streams a job's engine events over SSE in order with ids, and resumes after Last-Event-ID", async () => {
    const job = await startUpdate(url, box.tokens.deployer, "beta");
    const live = await readEvents(url, box.tokens.viewer, job.id);
    const ids = live.filter((e) => e.event !== "end").map((e) => e.id);
    expect(ids).to.deep.equal(ids.map((_, i) => i + 1));
    expect(live.map((e) => e.event)).to.include.members([
      "preludeEvent",
      "resourcePreEvent",
      "summaryEvent",
    ]);
    expect(live.at(-1)).to.deep.include({ event: "end" });
    expect(live.at(-1)!.data).to.deep.include({ status: "succeeded" });
    const resumed = await readEvents(url, box.tokens.viewer, job.id, 5);
    expect(resumed.filter((e) => e.event !== "end").map((e) => e.id)).to.deep.equal(ids.slice(5));
    expect(JSON.stringify(live)).to.not.include("token-of-beta");
  });

  it("serves its OpenAPI document without a token", async () => {
    const r = await request<{ openapi: string; paths: Record<string, unknown> }>(
      url,
      "GET",
      "/openapi.json",
    );
    expect(r.status).to.equal(200);
    expect(r.body.openapi).to.match(/^3\./);
    expect(Object.keys(r.body.paths)).to.include.members([
      "/environments",
      "/environments/{environment}/previews",
      "/environments/{environment}/updates",
      "/jobs/{id}/events",
    ]);
  });

  it("logs no token and no secret value", () => {
    const text = portal.logs.join("\n");
    for (const t of Object.values(box.tokens)) expect(text).to.not.include(t);
    expect(text).to.not.include("token-of-");
    expect(text).to.not.include("portal-tests");
  });
});
