import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { Job } from "../../portal/store";
import {
  PortalBox,
  portalBox,
  request,
  RunningPortal,
  startPortal,
  startUpdate,
  waitJob,
} from "./helpers";

describe("portal: bad input is a 4xx and changes no stack", function () {
  this.timeout(300_000);
  let box: PortalBox;
  let portal: RunningPortal;
  let url: string;
  let tokens: PortalBox["tokens"];
  let stateBefore: string;
  const jobCount = async () =>
    (await request<{ jobs: Job[] }>(url, "GET", "/jobs?limit=500", { token: tokens.viewer })).body
      .jobs.length;
  const stateFiles = () => {
    const dir = path.join(box.stateDir, "backend", ".pulumi", "stacks");
    const out: string[] = [];
    const walk = (d: string) =>
      fs
        .readdirSync(d, { withFileTypes: true })
        .forEach((e) =>
          e.isDirectory()
            ? walk(path.join(d, e.name))
            : out.push(`${e.name}:${fs.readFileSync(path.join(d, e.name), "utf8").length}`),
        );
    walk(dir);
    return out.sort().join("\n");
  };
  let jobsBefore: number;

  before(async () => {
    box = portalBox("input");
    tokens = box.tokens;
    portal = await startPortal(box, { PORTAL_BODY_LIMIT: "1024" });
    url = portal.url;
    // Deploy two stacks, so "no change" is checked against real state.
    for (const env of ["alpha", "vault"]) {
      // vault is protected: two-person approval, so the deployer previews and the admin approves.
      const up = await startUpdate(url, tokens.admin, env, { previewToken: tokens.deployer });
      expect((await waitJob(url, tokens.admin, up.id)).status).to.equal("succeeded");
    }
    stateBefore = stateFiles();
    jobsBefore = await jobCount();
  });
  afterEach(async () => {
    expect(await jobCount(), "no job was created").to.equal(jobsBefore);
    expect(stateFiles(), "no stack state changed").to.equal(stateBefore);
  });
  after(async () => {
    await portal?.stop();
    box?.cleanup();
  });

  it("an unknown environment is 404", async () => {
    expect(
      (await request(url, "POST", "/environments/nosuch/previews", { token: tokens.admin })).status,
    ).to.equal(404);
    expect(
      (await request(url, "GET", "/environments/nosuch/outputs", { token: tokens.admin })).status,
    ).to.equal(404);
  });

  for (const bad of [
    "..",
    "..%2F..%2Fetc",
    "alpha%2F..%2Fbeta",
    "a%2Fb",
    "a%5Cb",
    "Alpha",
    "alpha.yaml",
    "-x",
  ]) {
    it(`an environment name with path separators, dots or capitals is 400: ${decodeURIComponent(bad)}`, async () => {
      const r = await request<{ message: string }>(url, "POST", `/environments/${bad}/previews`, {
        token: tokens.admin,
      });
      expect(r.status).to.equal(400);
      expect(r.body.message).to.match(/environment/);
    });
  }

  it("malformed JSON is 400", async () => {
    const r = await request(url, "POST", "/environments/alpha/updates", {
      token: tokens.admin,
      body: '{"previewJobId": ',
    });
    expect(r.status).to.equal(400);
  });

  it("a body over the size limit is 413", async () => {
    const r = await request(url, "POST", "/environments/alpha/updates", {
      token: tokens.admin,
      body: { previewJobId: "x".repeat(4096) },
    });
    expect(r.status).to.equal(413);
  });

  it("unknown fields and a malformed preview id are 400", async () => {
    expect(
      (
        await request(url, "POST", "/environments/alpha/previews", {
          token: tokens.admin,
          body: { force: true },
        })
      ).status,
    ).to.equal(400);
    expect(
      (
        await request(url, "POST", "/environments/alpha/updates", {
          token: tokens.admin,
          body: { previewJobId: "not-a-uuid" },
        })
      ).status,
    ).to.equal(400);
    expect(
      (await request(url, "POST", "/environments/alpha/updates", { token: tokens.admin, body: {} }))
        .status,
    ).to.equal(400);
  });

  it("a missing or wrong token is 401 with a Bearer challenge", async () => {
    const none = await request(url, "GET", "/environments");
    expect(none.status).to.equal(401);
    expect(none.headers["www-authenticate"]).to.match(/^Bearer/);
    expect(
      (await request(url, "POST", "/environments/alpha/previews", { token: `${tokens.admin}x` }))
        .status,
    ).to.equal(401);
    expect(
      (
        await request(url, "POST", "/environments/alpha/previews", {
          headers: { authorization: `Basic ${tokens.admin}` },
        })
      ).status,
    ).to.equal(401);
  });

  it("a viewer may read but not preview (403)", async () => {
    expect(
      (await request(url, "GET", "/environments/alpha/outputs", { token: tokens.viewer })).status,
    ).to.equal(200);
    expect(
      (await request(url, "POST", "/environments/alpha/previews", { token: tokens.viewer })).status,
    ).to.equal(403);
  });

  it("a deployer may not change a protected environment (403): refresh, update", async () => {
    expect(
      (await request(url, "POST", "/environments/vault/refreshes", { token: tokens.deployer }))
        .status,
    ).to.equal(403);
    const r = await request(url, "POST", "/environments/vault/updates", {
      token: tokens.deployer,
      body: { previewJobId: "00000000-0000-4000-8000-000000000000" },
    });
    expect(r.status).to.equal(403);
  });

  it("a deployer may not destroy even an unprotected environment (403): destroy needs admin", async () => {
    expect(
      (await request(url, "POST", "/environments/alpha/destroys", { token: tokens.deployer }))
        .status,
    ).to.equal(403);
  });

  it("destroy of a protected environment is refused even for an admin (403)", async () => {
    const r = await request<{ message: string }>(url, "POST", "/environments/vault/destroys", {
      token: tokens.admin,
    });
    expect(r.status).to.equal(403);
    expect(r.body.message).to.match(/protected/);
  });

  it("an update naming an unknown preview, or an unknown job, is 404", async () => {
    const r = await request(url, "POST", "/environments/alpha/updates", {
      token: tokens.admin,
      body: { previewJobId: "00000000-0000-4000-8000-000000000000" },
    });
    expect(r.status).to.equal(404);
    expect(
      (
        await request(url, "GET", "/jobs/00000000-0000-4000-8000-000000000000", {
          token: tokens.viewer,
        })
      ).status,
    ).to.equal(404);
  });
});
