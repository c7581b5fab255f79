import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { engineBinDir, ENSURE_COMMAND } from "../../runtime/engine";
import { loadEnvironment } from "../../stacks/load";
import { runStack, SHIPPED } from "../helpers/program";
import { ACCEPTED, type Accepted, acceptancesOf, type Finding } from "./kube-score-accepted";
import { kubeObjects } from "./kube-objects";

interface ScoredObject {
  type_meta: { kind: string };
  object_meta: { name: string; namespace?: string };
  checks: {
    check: { id: string };
    grade: number;
    skipped: boolean;
    comments: { summary: string; path?: string }[] | null;
  }[];
}

/** kube-score's failing and warning checks over `objects`, one finding per comment. */
function score(objects: object[], kubernetesVersion: string): Finding[] {
  const bin = path.join(engineBinDir(), "kube-score");
  if (!fs.existsSync(bin))
    throw new Error(`kube-score is missing: no ${bin}. Run \`${ENSURE_COMMAND}\` first.`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-score-"));
  const file = path.join(dir, "objects.yaml");
  fs.writeFileSync(file, objects.map((o) => YAML.stringify(o)).join("---\n"));
  const r = spawnSync(
    bin,
    ["score", "--kubernetes-version", `v${kubernetesVersion}`, "-o", "json", file],
    { encoding: "utf8", maxBuffer: 64 << 20 },
  );
  fs.rmSync(dir, { recursive: true, force: true });
  // Exit 1 means findings; anything else (or no JSON) is kube-score failing to run.
  expect([0, 1], r.stderr).to.include(r.status);
  const scored = JSON.parse(r.stdout) as ScoredObject[];
  return scored.flatMap((o) =>
    o.checks
      .filter((c) => !c.skipped && c.grade < 10)
      .flatMap((c) =>
        (c.comments ?? [{ summary: "" }]).map((comment) => ({
          check: c.check.id,
          object: `${o.type_meta.kind} ${o.object_meta.namespace ?? "default"}/${o.object_meta.name}`,
          summary: comment.summary,
        })),
      ),
  );
}

/**
 * kube-score (built from the Go module proxy by scripts/engine/ensure.sh) over the Kubernetes
 * objects every environment registers: each finding is fixed or listed, with why, in
 * kube-score-accepted.ts.
 */
describe("kube-score over every environment's Kubernetes objects", function () {
  this.timeout(120_000);
  const used = new Set<Accepted>();

  for (const env of [...SHIPPED, "local"])
    it(`${env}: has no finding outside the accepted list`, async () => {
      const e = loadEnvironment(env);
      const objects = kubeObjects(await runStack(env));
      expect(objects.length).to.be.greaterThan(20);
      const findings = score(objects, e.cluster.version);
      const unaccepted = findings.filter((f) => {
        const hits = acceptancesOf(f, e);
        hits.forEach((a) => used.add(a));
        return hits.length === 0;
      });
      expect(
        unaccepted.map((f) => `${f.check}: ${f.object}: ${f.summary}`),
        "fix these, or accept them with a reason in tests/checkers/kube-score-accepted.ts",
      ).to.deep.equal([]);
    });

  it("every accepted finding still occurs somewhere (the list holds nothing stale)", () => {
    expect(used.size, "run with the environments' tests above").to.be.greaterThan(0);
    expect(ACCEPTED.filter((a) => !used.has(a)).map((a) => a.check)).to.deep.equal([]);
  });

  it("reports what it is given: a bare Deployment fails checks the platform's pass", () => {
    const findings = score(
      [
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "bare", namespace: "x" },
          spec: {
            selector: { matchLabels: { app: "bare" } },
            template: {
              metadata: { labels: { app: "bare" } },
              spec: { containers: [{ name: "c", image: "nginx" }] },
            },
          },
        },
      ],
      "1.36",
    );
    const checks = new Set(findings.map((f) => f.check));
    for (const id of ["container-resources", "container-image-tag", "pod-networkpolicy"])
      expect(checks, id).to.include(id);
  });
});
