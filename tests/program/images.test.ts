import { expect } from "chai";
import { imagePinProblem, imageSourceProblem } from "../../model/catalog";
import type { RegisteredResource } from "../../scripts/lib/program";
import { runStack, SHIPPED } from "../helpers/program";

/** One image reference the program sends, and where. */
interface ImageUse {
  where: string;
  ref: string;
}

/**
 * Every image the registered resources name: containers and init containers of any pod template
 * (Deployments, Jobs, CronJobs), and `image` settings in Helm values (a string, or an object with
 * `repository`/`tag`; a tag alone overrides the chart's own repository).
 */
function imagesOf(resources: RegisteredResource[]): ImageUse[] {
  const out: ImageUse[] = [];
  const visit = (v: unknown, path: string, where: string): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, `${path}[${i}]`, where));
    if (!v || typeof v !== "object") return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const at = `${path}.${k}`;
      if (k === "image" && typeof x === "string") out.push({ where: `${where} ${at}`, ref: x });
      else if (k === "image" && x && typeof x === "object" && "tag" in x) {
        const img = x as { registry?: string; repository?: string; tag?: unknown };
        const repo = [img.registry, img.repository ?? "chart-default"].filter(Boolean).join("/");
        out.push({ where: `${where} ${at}`, ref: `${repo}:${String(img.tag)}` });
      } else visit(x, at, where);
    }
  };
  for (const r of resources)
    if (r.type.startsWith("kubernetes:") || r.type.startsWith("kubernetes-cert-manager:"))
      visit(r.inputs, "", `${r.type} ${r.name}`);
  return out;
}

describe("container images the program produces", () => {
  for (const env of [...SHIPPED, "local"]) {
    describe(env, () => {
      it("pins every image by an exact tag or a digest (no untagged image, no latest)", async () => {
        const images = imagesOf((await runStack(env)).resources);
        expect(images.length, "images found").to.be.greaterThan(5);
        const unpinned = images
          .map((i) => ({ ...i, problem: imagePinProblem(i.ref) }))
          .filter((i) => i.problem !== undefined);
        expect(unpinned, JSON.stringify(unpinned, null, 1)).to.deep.equal([]);
      });

      it("pulls nothing from a withdrawn source (Bitnami's versioned images left Docker Hub in 2025)", async () => {
        const withdrawn = imagesOf((await runStack(env)).resources)
          .map((i) => ({ ...i, problem: imageSourceProblem(i.ref) }))
          .filter((i) => i.problem !== undefined);
        expect(withdrawn, JSON.stringify(withdrawn, null, 1)).to.deep.equal([]);
      });
    });
  }
});
