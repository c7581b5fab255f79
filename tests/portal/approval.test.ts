import { expect } from "chai";
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

describe("portal: two-person approval (the approver is not the one who ran the preview)", function () {
  this.timeout(600_000);
  let box: PortalBox;
  let portal: RunningPortal;
  let url: string;
  let tokens: PortalBox["tokens"];
  const approve = (id: string, token: string) =>
    request<Job & { message: string }>(url, "POST", `/jobs/${id}/approve`, { token });
  const update = (env: string, previewJobId: string, token: string) =>
    request<Job & { message: string }>(url, "POST", `/environments/${env}/updates`, {
      token,
      body: { previewJobId },
    });
  before(async () => {
    box = portalBox("approval");
    tokens = box.tokens;
    // alpha is opted in, though unprotected; beta keeps the default (off, unprotected).
    portal = await startPortal(box, { PORTAL_TWO_PERSON_APPROVAL: "alpha=true" });
    url = portal.url;
  });
  after(async () => {
    await portal?.stop();
    box?.cleanup();
  });

  it("on a protected environment (on by default) the admin who ran the preview may not approve it: 403 naming the rule", async () => {
    const preview = await previewed(url, tokens.admin, "vault");
    const r = await approve(preview.id, tokens.admin);
    expect(r.status).to.equal(403);
    expect(r.body.message).to.match(/two-person approval/);
    expect(r.body.message).to.include("admin-user");
    const after = await request<Job>(url, "GET", `/jobs/${preview.id}`, { token: tokens.viewer });
    expect(after.body.approvedBy).to.equal(null);
    // Nor can the update go ahead on that preview.
    expect((await update("vault", preview.id, tokens.admin)).status).to.equal(409);
  });

  it("on a protected environment a preview run by the deployer is approved and applied by the admin", async () => {
    const preview = await previewed(url, tokens.deployer, "vault");
    const a = await approve(preview.id, tokens.admin);
    expect(a.status, a.body.message).to.equal(200);
    expect(a.body.approvedBy).to.equal("admin-user");
    const u = await update("vault", preview.id, tokens.admin);
    expect(u.status).to.equal(202);
    expect((await waitJob(url, tokens.viewer, u.body.id)).status).to.equal("succeeded");
  });

  it("an environment opted in by configuration (twoPersonApproval alpha=true) refuses self-approval too", async () => {
    const preview = await previewed(url, tokens.deployer, "alpha");
    const self = await approve(preview.id, tokens.deployer);
    expect(self.status).to.equal(403);
    expect(self.body.message).to.match(/environment "alpha" requires two-person approval/);
    const other = await approve(preview.id, tokens.admin);
    expect(other.status, other.body.message).to.equal(200);
    // The previewer may apply it once someone else approved.
    const u = await update("alpha", preview.id, tokens.deployer);
    expect(u.status).to.equal(202);
    expect((await waitJob(url, tokens.viewer, u.body.id)).status).to.equal("succeeded");
  });

  it("an unprotected environment without the setting keeps single-person approval", async () => {
    const preview = await previewed(url, tokens.deployer, "beta");
    expect((await approve(preview.id, tokens.deployer)).status).to.equal(200);
  });

  it("a self-approval given before the rule applied does not let the update through; another approver replaces it", async () => {
    // Off for alpha at first: the deployer approves their own preview...
    await portal.stop();
    portal = await startPortal(box, { PORTAL_TWO_PERSON_APPROVAL: "alpha=false,vault=false" });
    url = portal.url;
    const preview = await previewed(url, tokens.deployer, "alpha");
    expect((await approve(preview.id, tokens.deployer)).status).to.equal(200);
    const vault = await previewed(url, tokens.admin, "vault");
    expect((await approve(vault.id, tokens.admin)).status, "opted out: vault=false").to.equal(200);
    // ...then the rule is switched on.
    await portal.stop();
    portal = await startPortal(box, { PORTAL_TWO_PERSON_APPROVAL: "alpha=true" });
    url = portal.url;
    const refused = await update("alpha", preview.id, tokens.deployer);
    expect(refused.status).to.equal(403);
    expect(refused.body.message).to.match(/approved by deployer-user, who ran it/);
    const jobs = await request<{ jobs: Job[] }>(url, "GET", "/jobs?environment=alpha", {
      token: tokens.viewer,
    });
    expect(jobs.body.jobs[0].id, "no update job was created").to.equal(preview.id);
    expect((await approve(preview.id, tokens.admin)).body.approvedBy).to.equal("admin-user");
    const u = await update("alpha", preview.id, tokens.deployer);
    expect(u.status, u.body.message).to.equal(202);
    expect((await waitJob(url, tokens.viewer, u.body.id)).status).to.equal("succeeded");
  });
});
