import { expect } from "chai";
import { execFileSync } from "child_process";
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
  startUpdate,
  waitJob,
} from "./helpers";

describe("portal: operations never modify files in the project (clean git working tree)", function () {
  this.timeout(600_000);
  let box: PortalBox;
  let portal: RunningPortal;
  let url: string;
  let token: string;
  const git = (...args: string[]) =>
    execFileSync(
      "git",
      ["-c", "user.name=portal-tests", "-c", "user.email=portal-tests@example.invalid", ...args],
      { cwd: box.projectDir, encoding: "utf8" },
    );
  const status = () => git("status", "--porcelain", "--untracked-files=all");
  let stackFile: string;

  before(async () => {
    box = portalBox("worktree");
    token = box.tokens.deployer;
    // The project as a clean checkout: every file committed, only node_modules ignored.
    fs.writeFileSync(path.join(box.projectDir, ".gitignore"), "node_modules\n");
    git("init", "--quiet");
    git("add", "-A");
    git("commit", "--quiet", "-m", "fixture");
    expect(status()).to.equal("");
    stackFile = fs.readFileSync(path.join(box.projectDir, "Pulumi.alpha.yaml"), "utf8");
    expect(stackFile, "a stack file without secrets settings yet").to.not.match(/encryptionsalt/);
    portal = await startPortal(box);
    url = portal.url;
  });
  after(async () => {
    await portal?.stop();
    box?.cleanup();
  });

  it("the first preview of a new stack (which creates it and its secrets settings) leaves `git status --porcelain` empty", async () => {
    const p = await previewed(url, token, "alpha");
    expect(p.changeSummary).to.deep.equal({ create: 3 });
    expect(status()).to.equal("");
    expect(fs.readFileSync(path.join(box.projectDir, "Pulumi.alpha.yaml"), "utf8")).to.equal(
      stackFile,
    );
  });

  it("an update storing a secret output, and a preview after it, leave it empty too", async () => {
    const u = await startUpdate(url, token, "alpha");
    expect((await waitJob(url, token, u.id)).status).to.equal("succeeded");
    expect(status()).to.equal("");
    const p = await previewed(url, token, "alpha");
    expect(p.changeSummary).to.deep.equal({ same: 3 });
    expect(status()).to.equal("");
  });

  it("after a restart, the secrets settings kept in the portal's state still open the stack's secrets", async () => {
    await portal.stop();
    portal = await startPortal(box);
    url = portal.url;
    const r = await request<Job>(url, "POST", "/environments/alpha/refreshes", { token });
    const job = await waitJob(url, token, r.body.id);
    expect(job.status, job.error ?? "").to.equal("succeeded");
    const p = await previewed(url, token, "alpha");
    expect(p.changeSummary).to.deep.equal({ same: 3 });
    const out = await request<{ outputs: Record<string, unknown> }>(
      url,
      "GET",
      "/environments/alpha/outputs",
      { token },
    );
    expect(out.body.outputs).to.deep.include({ stack: "alpha", token: "[secret]" });
    expect(status()).to.equal("");
    // What the CLI wrote lives in the portal's state instead.
    const copy = fs.readFileSync(
      path.join(box.stateDir, "stack-config", "Pulumi.alpha.yaml"),
      "utf8",
    );
    expect(copy).to.match(/^encryptionsalt: v1:/m);
  });
});
