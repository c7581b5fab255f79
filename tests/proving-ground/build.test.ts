import { expect } from "chai";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadEnvironment } from "../../stacks/load";
import { pinnedVersions, REPO_ROOT } from "../../scripts/proving-ground/paths";

const PG_DIR = path.join(REPO_ROOT, "scripts", "proving-ground");
const ENSURE = path.join(PG_DIR, "ensure.sh");
const FIXTURE = path.join(__dirname, "fixtures", "module");
const GO = existsSync("/usr/local/go/bin/go") ? "/usr/local/go/bin/go" : "go";

/** The module's go.mod as `go mod edit -json` reads it. */
function goMod(dir: string): {
  Require: { Path: string; Version: string }[];
  Replace: { Old: { Path: string }; New: { Path: string; Version?: string } }[];
  Tool?: { Path: string }[];
} {
  return JSON.parse(
    execFileSync(GO, ["mod", "edit", "-json", path.join(dir, "go.mod")], { encoding: "utf8" }),
  );
}

describe("proving ground: the pinned wrapper module", () => {
  const versions = pinnedVersions();
  const mod = goMod(path.join(PG_DIR, "module"));
  const required = new Map(mod.Require.map((r) => [r.Path, r.Version]));

  it("requires each project at the version versions.sh pins", () => {
    expect(required.get("k8s.io/kubernetes")).to.equal(versions.KUBERNETES_VERSION);
    expect(required.get("go.etcd.io/etcd/server/v3")).to.equal(versions.ETCD_VERSION);
    expect(required.get("sigs.k8s.io/kwok")).to.equal(versions.KWOK_VERSION);
    expect(required.get("sigs.k8s.io/metrics-server")).to.equal(versions.METRICS_SERVER_VERSION);
    expect(required.get("github.com/kedacore/keda/v2")).to.equal(versions.KEDA_VERSION);
  });

  it("replaces every k8s.io staging module with its published release of the same Kubernetes minor", () => {
    const staging = `v0.${versions.KUBERNETES_VERSION.slice(3)}`;
    const k8sReplaces = mod.Replace.filter((r) => r.Old.Path.startsWith("k8s.io/"));
    // k8s.io/kubernetes v1.36 lists 33 staging modules; each one must be pinned, none left at v0.0.0.
    expect(k8sReplaces.length).to.be.at.least(30);
    for (const r of k8sReplaces) {
      expect(r.New, r.Old.Path).to.deep.equal({ Path: r.Old.Path, Version: staging });
    }
    for (const core of [
      "k8s.io/api",
      "k8s.io/apimachinery",
      "k8s.io/client-go",
      "k8s.io/apiserver",
    ])
      expect(k8sReplaces.map((r) => r.Old.Path)).to.include(core);
  });

  it("builds every piece from one module, so shared packages compile once", () => {
    const pieces = readFileSync(path.join(PG_DIR, "module", "pieces.txt"), "utf8")
      .split("\n")
      .filter((l) => l.trim() && !l.startsWith("#"))
      .map((l) => l.trim().split(/\s+/)[0]);
    expect(pieces).to.have.members([
      "kube-apiserver",
      "kube-controller-manager",
      "kube-scheduler",
      "kubectl",
      "etcd",
      "kwok",
      "metrics-server",
      "keda-operator",
      "keda-metrics-apiserver",
    ]);
  });

  it("takes cert-manager's CRDs from the release the program's cert-manager chart installs", () => {
    expect(versions.CERT_MANAGER_VERSION).to.equal(
      loadEnvironment("prod").charts.certManager.version,
    );
  });
});

describe("proving ground: ensure.sh on a module with a piece that does not build", function () {
  this.timeout(180000);
  let cache: string;
  let run: ReturnType<typeof spawnSync>;
  let pieceDir: string;

  before(() => {
    cache = mkdtempSync(path.join(os.tmpdir(), "platform-pg-ensure-"));
    run = spawnSync("bash", [ENSURE], {
      env: { ...process.env, ENGINE_CACHE_DIR: cache, PROVING_GROUND_MODULE_DIR: FIXTURE },
      encoding: "utf8",
    });
    pieceDir = path.join(cache, "proving-ground", pinnedVersions().KUBERNETES_VERSION);
  });
  after(() => rmSync(cache, { recursive: true, force: true }));

  it("fails naming the required piece and its own build log", () => {
    const log = path.join(pieceDir, "logs", "broken.log");
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include(`FAILED: broken: ./cmd/broken does not build; see ${log}`);
    expect(readFileSync(log, "utf8")).to.include("undefined: undefinedOnPurpose");
  });

  it("still installs and stamps the pieces that built in the same go build", () => {
    expect(existsSync(path.join(pieceDir, "bin", "good"))).to.equal(true);
    expect(readFileSync(path.join(pieceDir, "stamps", "good"), "utf8")).to.match(
      /^kubernetes=v1\.\d+\.\d+ src=[0-9a-f]{16} recipe=\d+$/,
    );
    expect(existsSync(path.join(pieceDir, "bin", "broken"))).to.equal(false);
  });

  it("reports an optional piece that does not build, records why, and does not retry it", () => {
    expect(run.stderr).to.include("extra: NOT AVAILABLE (optional)");
    expect(readFileSync(path.join(pieceDir, "stamps", "extra.failed"), "utf8")).to.include(
      "alsoUndefinedOnPurpose",
    );
    const again = spawnSync("bash", [ENSURE], {
      env: { ...process.env, ENGINE_CACHE_DIR: cache, PROVING_GROUND_MODULE_DIR: FIXTURE },
      encoding: "utf8",
    });
    expect(again.stderr).to.include("extra: NOT AVAILABLE (recorded earlier");
    // Only the required piece that failed is built again.
    expect(again.stderr).to.match(/building broken in one go build/);
  });
});
