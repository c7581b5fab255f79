import { expect } from "chai";
import type { Job } from "../../portal/store";
import {
  FIXTURE_POLICY_PACK,
  PortalBox,
  portalBox,
  request,
  RunningPortal,
  startPortal,
  waitJob,
} from "./helpers";

describe("portal: previews run the policy pack and report its violations", function () {
  this.timeout(300_000);
  let box: PortalBox;
  let portal: RunningPortal;
  let url: string;
  before(async () => {
    box = portalBox("policy", {
      big: 'config:\n  fixture:replicas: "12"\n',
      single: 'config:\n  fixture:replicas: "1"\n',
    });
    portal = await startPortal(box, { PORTAL_POLICY_PACKS: FIXTURE_POLICY_PACK });
    url = portal.url;
  });
  after(async () => {
    await portal?.stop();
    box?.cleanup();
  });

  const preview = async (env: string) => {
    const r = await request<Job>(url, "POST", `/environments/${env}/previews`, {
      token: box.tokens.deployer,
    });
    expect(r.status).to.equal(202);
    return waitJob(url, box.tokens.deployer, r.body.id);
  };

  it("a mandatory violation fails the preview, names the policy, and the preview cannot be approved", async () => {
    const job = await preview("big");
    expect(job.status).to.equal("failed");
    expect(job.violations).to.deep.include({
      policyPack: "portal-fixture",
      policy: "tier-max-replicas",
      enforcementLevel: "mandatory",
      message:
        "Checks whether a fixture tier asks for more than 10 replicas.\ntier web asks for 12 replicas; at most 10",
      urn: "urn:pulumi:big::portal-fixture::fixture:app:Tier::web",
    });
    const a = await request<{ message: string }>(url, "POST", `/jobs/${job.id}/approve`, {
      token: box.tokens.admin,
    });
    expect(a.status).to.equal(409);
  });

  it("an advisory violation is reported and the preview stays approvable", async () => {
    const job = await preview("single");
    expect(job.status, job.error ?? "").to.equal("succeeded");
    expect(job.violations.map((v) => [v.policy, v.enforcementLevel])).to.deep.equal([
      ["tier-ha-replicas", "advisory"],
    ]);
    const a = await request<Job>(url, "POST", `/jobs/${job.id}/approve`, {
      token: box.tokens.deployer,
    });
    expect(a.status).to.equal(200);
  });

  it("a compliant stack previews with no violations", async () => {
    const job = await preview("alpha");
    expect(job.status, job.error ?? "").to.equal("succeeded");
    expect(job.violations).to.deep.equal([]);
  });
});
