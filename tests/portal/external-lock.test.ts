import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { engineBinDir, offlineEngineEnv } from "../../runtime/engine";
import type { Job } from "../../portal/store";
import {
  locks,
  PortalBox,
  portalBox,
  readEvents,
  request,
  RunningPortal,
  startPortal,
  startUpdate,
  waitFor,
  waitJob,
} from "./helpers";

describe("portal: a stack locked outside the portal", function () {
  this.timeout(300_000);
  let box: PortalBox;
  let portal: RunningPortal;
  before(async () => {
    box = portalBox("lock");
    portal = await startPortal(box);
    const first = await startUpdate(portal.url, box.tokens.deployer, "alpha");
    expect((await waitJob(portal.url, box.tokens.deployer, first.id)).status).to.equal("succeeded");
  });
  after(async () => {
    await portal?.stop();
    box?.cleanup();
  });
  /** The environment of a person running the CLI by hand on the portal's state. */
  const cliEnv = () => ({
    ...process.env,
    ...offlineEngineEnv({
      stateDir: path.join(box.stateDir, "backend"),
      passphrase: box.env.PORTAL_PASSPHRASE,
      pulumiHome: path.join(box.stateDir, "home"),
    }),
  });

  it("a job waits for a CLI run's lock instead of failing with ConcurrentUpdateError, and is `waiting` meanwhile, not running", async () => {
    const token = box.tokens.deployer;
    // Someone runs `pulumi up` by hand on the same stack and state; it lingers for 10 s.
    const env = cliEnv();
    const cli = path.join(engineBinDir(), "pulumi");
    const run = (args: string[]) =>
      new Promise<void>((resolve, reject) =>
        execFile(
          cli,
          [...args, "--stack", "alpha", "--non-interactive"],
          { cwd: box.projectDir, env },
          (err, out, errOut) =>
            err ? reject(new Error(`${err.message}\n${out}\n${errOut}`)) : resolve(),
        ),
      );
    await run(["config", "set", "fixture:delayMs", "10000"]);
    const manual = run(["up", "--yes", "--skip-preview"]);
    for (let i = 0; i < 120 && locks(box, "alpha").length === 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(locks(box, "alpha"), "the CLI holds the lock").to.have.length(1);

    const r = await request<Job>(portal.url, "POST", "/environments/alpha/refreshes", { token });
    const waiting = await waitFor(portal.url, token, r.body.id, (j) => j.status !== "queued");
    expect(waiting.status, "while the CLI holds the lock").to.equal("waiting");
    expect(waiting.waitingFor).to.match(/@.* \(pid \d+\) since /);
    const job = await waitJob(portal.url, token, r.body.id);
    await manual;
    expect(job.status, job.error ?? "").to.equal("succeeded");
    expect(job.waitingFor).to.equal(null);
    const events = await readEvents(portal.url, token, job.id);
    expect(events.some((e) => /locked by another process/.test(JSON.stringify(e.data)))).to.equal(
      true,
    );
    // Over SSE: waiting, then running once the lock was free, then the end.
    const statuses = events
      .filter((e) => e.event === "status")
      .map((e) => (e.data as { status: string }).status);
    expect(statuses).to.deep.equal(["waiting", "running"]);
  });

  // The file backend rewrites a checkpoint's `.attrs` sidecar in place; a reader at that instant
  // sees it empty. Emptying it by hand makes that instant last as long as the test wants.
  it("a job that reads the checkpoint while another process rewrites it retries instead of failing", async () => {
    const token = box.tokens.deployer;
    const stacksDir = path.join(box.stateDir, "backend", ".pulumi", "stacks", "portal-fixture");
    const attrs = path.join(stacksDir, "alpha.json.attrs");
    expect(fs.existsSync(attrs), `${attrs} exists after an update`).to.equal(true);
    const saved = fs.readFileSync(attrs);

    fs.writeFileSync(attrs, "");
    const cli = path.join(engineBinDir(), "pulumi");
    const torn = await new Promise<string>((resolve) =>
      execFile(
        cli,
        ["stack", "select", "--stack", "alpha", "--non-interactive"],
        { cwd: box.projectDir, env: cliEnv() },
        (err, _out, errOut) => resolve(err ? errOut : ""),
      ),
    );
    expect(torn, "the CLI alone fails on the torn read").to.match(/failed to load checkpoint: EOF/);

    const r = await request<Job>(portal.url, "POST", "/environments/alpha/refreshes", { token });
    setTimeout(() => fs.writeFileSync(attrs, saved), 700);
    const job = await waitJob(portal.url, token, r.body.id);
    expect(job.status, job.error ?? "").to.equal("succeeded");
  });
});
