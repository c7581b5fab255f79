import { expect } from "chai";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { spawn } from "node:child_process";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { PieceError, start, StartOptions } from "../../scripts/proving-ground";
import { buildDirs } from "../../scripts/proving-ground/paths";
import { processesOfRun, sleep } from "../../scripts/proving-ground/supervisor";
import { TIMEOUT_SCALE } from "./helpers";

/** Only the control plane: enough to start real processes before the piece under test fails. */
const CONTROL_PLANE_ONLY: StartOptions = {
  kwok: false,
  keda: false,
  rabbitmq: false,
  crds: false,
  timeoutScale: TIMEOUT_SCALE,
};

/** A bin folder with the real binaries, except `replace` entries (name -> shell script or null = missing). */
function binDirWith(replace: Record<string, string | null>): string {
  const real = buildDirs().bin;
  const dir = mkdtempSync(path.join(os.tmpdir(), "platform-pg-bin-"));
  for (const name of readdirSync(real)) {
    if (name in replace) continue;
    symlinkSync(path.join(real, name), path.join(dir, name));
  }
  for (const [name, script] of Object.entries(replace)) {
    if (script === null) continue;
    writeFileSync(path.join(dir, name), `#!/bin/sh\n${script}\n`);
    chmodSync(path.join(dir, name), 0o755);
  }
  return dir;
}

/** Starts with `options`, expects a PieceError; returns it and the run folder (kept for inspection). */
async function failingStart(options: StartOptions): Promise<{ error: PieceError; runDir: string }> {
  const runDir = mkdtempSync(path.join(os.tmpdir(), "platform-pg-fail-"));
  try {
    await start({ ...CONTROL_PLANE_ONLY, ...options, runDir, keepRunDir: true });
  } catch (e) {
    expect(e, (e as Error).stack).to.be.instanceOf(PieceError);
    return { error: e as PieceError, runDir };
  }
  throw new Error("start() succeeded but was expected to fail");
}

describe("proving ground: a piece that cannot start fails naming itself and its log, and leaves no process", function () {
  this.timeout(600000);
  const cleanup: string[] = [];
  after(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("a port in use: kube-scheduler's port taken after etcd, the API server and the controller manager started", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const busy = (blocker.address() as net.AddressInfo).port;
    try {
      const { error, runDir } = await failingStart({ ports: { "kube-scheduler": busy } });
      cleanup.push(runDir);
      expect(error.piece).to.equal("kube-scheduler");
      expect(error.message).to.include(`port 127.0.0.1:${busy} (secure) is already in use`);
      expect(error.message).to.include(path.join(runDir, "logs", "kube-scheduler.log"));
      // The pieces before it really ran (they logged), and none is left.
      for (const piece of ["etcd", "kube-apiserver", "kube-controller-manager"])
        expect(existsSync(path.join(runDir, "logs", `${piece}.log`)), piece).to.equal(true);
      expect(processesOfRun(runDir)).to.deep.equal([]);
    } finally {
      blocker.close();
    }
  });

  it("a missing binary: names the piece, where it looked and the build log, and stops what already ran", async () => {
    const binDir = binDirWith({ "kube-controller-manager": null });
    cleanup.push(binDir);
    const { error, runDir } = await failingStart({ binDir });
    cleanup.push(runDir);
    expect(error.piece).to.equal("kube-controller-manager");
    expect(error.message).to.include(
      `binary not found at ${path.join(binDir, "kube-controller-manager")}`,
    );
    expect(error.message).to.match(/log: .*\/logs\/(build|kube-controller-manager)\.log/);
    expect(existsSync(path.join(runDir, "logs", "kube-apiserver.log"))).to.equal(true);
    expect(processesOfRun(runDir)).to.deep.equal([]);
  });

  it("a piece that exits before it is ready: names it, its exit code and its log with the last lines", async () => {
    const binDir = binDirWith({
      "kube-scheduler": 'echo "scheduler cannot start: simulated" >&2; exit 3',
    });
    cleanup.push(binDir);
    const { error, runDir } = await failingStart({ binDir });
    cleanup.push(runDir);
    expect(error.piece).to.equal("kube-scheduler");
    expect(error.message).to.include("exited (code 3) before it was ready");
    expect(error.message).to.include("scheduler cannot start: simulated");
    expect(processesOfRun(runDir)).to.deep.equal([]);
  });

  it("a piece that hangs without becoming ready: names it after the timeout and kills it and everything before it", async () => {
    // A child of the fake piece too: the whole process group must go.
    const binDir = binDirWith({ "kube-scheduler": "sleep 600 & exec sleep 600" });
    cleanup.push(binDir);
    const { error, runDir } = await failingStart({
      binDir,
      readyTimeoutsMs: { "kube-scheduler": 5000 },
    });
    cleanup.push(runDir);
    expect(error.piece).to.equal("kube-scheduler");
    expect(error.message).to.include("not ready within 5000 ms");
    expect(processesOfRun(runDir)).to.deep.equal([]);
  });

  it("a test run killed with SIGTERM (or Ctrl-C) takes every piece with it", async () => {
    const runDir = mkdtempSync(path.join(os.tmpdir(), "platform-pg-killed-"));
    cleanup.push(runDir);
    const child = spawn(
      process.execPath,
      [
        "-r",
        "ts-node/register/transpile-only",
        path.join(__dirname, "fixtures", "start-and-wait.ts"),
        runDir,
      ],
      { cwd: path.join(__dirname, "..", ".."), stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", () => output.includes("up") && resolve());
      child.once("exit", (code) => reject(new Error(`exited ${code} before it was up: ${output}`)));
    });
    expect(processesOfRun(runDir).length).to.equal(4);
    const exited = new Promise<number | null>((r) =>
      child.once("exit", (code, signal) => r(code ?? (signal ? 128 : null))),
    );
    child.kill("SIGTERM");
    expect(await exited).to.equal(128 + os.constants.signals.SIGTERM);
    // SIGKILL was sent before the exit; give the kernel a moment to deliver it.
    for (let i = 0; i < 50 && processesOfRun(runDir).length > 0; i++) await sleep(100);
    expect(processesOfRun(runDir)).to.deep.equal([]);
  });
});
