import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import type { Job } from "../../portal/store";
import { requireKubernetesProvider } from "../engine/helpers";
import {
  platformBox,
  PortalBox,
  readEvents,
  request,
  RunningPortal,
  startPortal,
  startUpdate,
  waitJob,
} from "./helpers";

const overlaps = (a: Job, b: Job) =>
  Date.parse(a.startedAt!) < Date.parse(b.finishedAt!) &&
  Date.parse(b.startedAt!) < Date.parse(a.finishedAt!);

/** The passwords inside connection URLs (`scheme://user:password@host`) of the rendered Secrets. */
function secretValues(dir: string): string[] {
  const out: string[] = [];
  for (const f of fs.readdirSync(dir)) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, f), "utf8"))) {
      const m = doc.toJS() as {
        kind?: string;
        data?: Record<string, string>;
        stringData?: Record<string, string>;
      } | null;
      if (m?.kind !== "Secret") continue;
      out.push(
        ...Object.values(m.data ?? {}).map((v) => Buffer.from(v, "base64").toString()),
        ...Object.values(m.stringData ?? {}),
      );
    }
  }
  return out
    .map((v) => /^[a-z]+:\/\/[^:/@]+:([^@]{8,})@/.exec(v)?.[1])
    .filter((p): p is string => p !== undefined)
    .map(decodeURIComponent);
}

describe("portal: the platform's own `local` stack, rendered offline through the service", function () {
  this.timeout(900_000);
  let box: PortalBox;
  let portal: RunningPortal;
  let url: string;
  let tokens: PortalBox["tokens"];
  before(async () => {
    await requireKubernetesProvider();
    box = platformBox("local");
    tokens = box.tokens;
    portal = await startPortal(box);
    url = portal.url;
  });
  after(async () => {
    await portal?.stop();
    box?.cleanup();
  });

  it("lists local and local-b, unprotected (their config has no deletion protection)", async () => {
    const r = await request<{ environments: { name: string; protected: boolean }[] }>(
      url,
      "GET",
      "/environments",
      { token: tokens.viewer },
    );
    expect(r.body.environments.map((e) => [e.name, e.protected])).to.deep.equal([
      ["local", false],
      ["local-b", false],
    ]);
  });

  it("preview (with the repository's policy pack) → approve → update → outputs → history", async () => {
    const p = await request<Job>(url, "POST", "/environments/local/previews", {
      token: tokens.deployer,
    });
    expect(p.status).to.equal(202);
    const preview = await waitJob(url, tokens.viewer, p.body.id, 600_000);
    expect(preview.status, preview.error ?? "").to.equal("succeeded");
    expect(preview.changeSummary!.create).to.be.greaterThan(10);
    expect(preview.violations.filter((v) => v.enforcementLevel === "mandatory")).to.deep.equal([]);
    const events = await readEvents(url, tokens.viewer, preview.id);
    expect(events.map((e) => e.event)).to.include("policyLoadEvent");
    expect(
      (await request(url, "POST", `/jobs/${preview.id}/approve`, { token: tokens.deployer }))
        .status,
    ).to.equal(200);

    const u = await request<Job>(url, "POST", "/environments/local/updates", {
      token: tokens.deployer,
      body: { previewJobId: preview.id },
    });
    const update = await waitJob(url, tokens.viewer, u.body.id, 600_000);
    expect(update.status, update.error ?? "").to.equal("succeeded");
    expect(update.changeSummary).to.deep.equal(preview.changeSummary);
    const manifests = path.join(box.projectDir, "rendered", "local", "1-manifest");
    expect(fs.readdirSync(manifests).length).to.be.greaterThan(10);

    const out = await request<{ outputs: Record<string, unknown> }>(
      url,
      "GET",
      "/environments/local/outputs",
      { token: tokens.viewer },
    );
    expect(out.status).to.equal(200);
    expect(Object.keys(out.body.outputs).length).to.be.greaterThan(0);
    const h = await request<{ updates: { kind: string; result: string }[]; jobs: Job[] }>(
      url,
      "GET",
      "/environments/local/history",
      { token: tokens.viewer },
    );
    // The rendered Secrets hold the render passwords (secret config) in plain text; no response,
    // event or log line of the portal may carry any of their values.
    const values = secretValues(manifests);
    expect(
      values.length,
      "the rendered hand-off Secret has connection URLs with passwords",
    ).to.be.greaterThan(0);
    const said = [
      JSON.stringify(out.body),
      JSON.stringify(h.body),
      JSON.stringify(events),
      JSON.stringify(await readEvents(url, tokens.viewer, update.id)),
      portal.logs.join("\n"),
    ].join("\n");
    for (const v of values) expect(said).to.not.include(v);

    expect(h.body.updates.map((x) => [x.kind, x.result])).to.deep.equal([["update", "succeeded"]]);
    expect(h.body.jobs.map((j) => j.kind)).to.deep.equal(["update", "preview"]);
  });

  it("updates of local and local-b run in parallel, each rendering into its own folder", async () => {
    const [a, b] = await Promise.all([
      startUpdate(url, tokens.deployer, "local"),
      startUpdate(url, tokens.deployer, "local-b"),
    ]);
    const [ja, jb] = await Promise.all([
      waitJob(url, tokens.viewer, a.id, 600_000),
      waitJob(url, tokens.viewer, b.id, 600_000),
    ]);
    expect([ja.status, jb.status], `${ja.error}\n${jb.error}`).to.deep.equal([
      "succeeded",
      "succeeded",
    ]);
    expect(
      overlaps(ja, jb),
      `${ja.startedAt}..${ja.finishedAt} vs ${jb.startedAt}..${jb.finishedAt}`,
    ).to.equal(true);
    expect(
      fs.readdirSync(path.join(box.projectDir, "rendered", "local-b", "1-manifest")).length,
    ).to.be.greaterThan(10);
  });
});
