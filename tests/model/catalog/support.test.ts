import { expect } from "chai";
import {
  creatableKubernetesVersions,
  EKS_KUBERNETES_VERSIONS,
  imagePinProblem,
  isoDay,
  kubernetesSupport,
  parseImageReference,
  PIN_MAX_AGE_DAYS,
  PINNED_RELEASES,
  pinnedRelease,
  pinProblem,
  pinSupportsKubernetes,
  postgresClientImage,
} from "../../../model/catalog";
import { chartPins, imagePins } from "../../helpers/pins";
import { environmentKinds, loadEnvironment } from "../../../stacks/load";

const TODAY = isoDay();

describe("support calendar (model/catalog/support.ts)", () => {
  it("dates every EKS version consistently: released < standard end < extended end, 12 months of extended support", () => {
    for (const v of EKS_KUBERNETES_VERSIONS) {
      expect(v.eksRelease < v.standardSupportEnd, v.minor).to.equal(true);
      expect(v.standardSupportEnd < v.extendedSupportEnd, v.minor).to.equal(true);
      const year = Number(v.standardSupportEnd.slice(0, 4)) + 1;
      expect(v.extendedSupportEnd, v.minor).to.equal(`${year}${v.standardSupportEnd.slice(4)}`);
      expect(v.source, v.minor).to.match(/\S{10,}/);
    }
  });

  it("tells standard, extended and ended support apart by day (1.33: standard support ended 2026-07-29)", () => {
    expect(kubernetesSupport("1.33", "2026-07-28").status).to.equal("standard");
    expect(kubernetesSupport("1.33", "2026-07-29").status).to.equal("extended");
    expect(kubernetesSupport("1.33", "2027-07-29").status).to.equal("ended");
    expect(kubernetesSupport("1.36", "2026-06-01").status).to.equal("unreleased");
    expect(kubernetesSupport("1.99", "2026-12-01").status).to.equal("unknown");
    expect(creatableKubernetesVersions("2026-12-01")).to.deep.equal([
      "1.36",
      "1.35",
      "1.34",
      "1.33",
      "1.32",
    ]);
  });

  it("cites a source for every pinned chart and image, and dates it", () => {
    for (const p of PINNED_RELEASES) {
      expect(p.source, `${p.name} ${p.version}`).to.match(/\S{10,}/);
      expect(p.released, `${p.name} ${p.version}`).to.match(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it(`calls a pin stale ${PIN_MAX_AGE_DAYS} days after its release, or at its documented end of support`, () => {
    const pin = {
      kind: "chart" as const,
      name: "x",
      version: "1.0.0",
      released: "2026-01-01",
      source: "test",
    };
    expect(pinProblem(pin, "2026-12-31")).to.equal(undefined);
    expect(pinProblem(pin, "2027-01-01")).to.match(/more than 365 days ago/);
    expect(pinProblem({ ...pin, endOfSupport: "2026-06-01" }, "2026-06-01")).to.match(
      /left support/,
    );
  });

  it("accepts exact tags and digests, refuses untagged references and latest", () => {
    for (const ok of [
      "ghcr.io/cloudnative-pg/pgbouncer:1.25.2",
      "postgres:17.11-alpine3.24",
      "localhost:5000/app:1.0",
      `app@sha256:${"a".repeat(64)}`,
      `app:latest@sha256:${"b".repeat(64)}`,
    ])
      expect(imagePinProblem(ok), ok).to.equal(undefined);
    expect(imagePinProblem("nginx")).to.match(/neither a tag nor a digest/);
    expect(imagePinProblem("localhost:5000/app")).to.match(/neither a tag nor a digest/);
    expect(imagePinProblem("nginx:latest")).to.match(/latest/);
    expect(imagePinProblem("app@sha256:123")).to.match(/64 hex digits/);
    expect(parseImageReference("localhost:5000/app:1.0")).to.deep.equal({
      repository: "localhost:5000/app",
      tag: "1.0",
    });
  });

  it("gives the partition jobs an exact postgres image per major version", () => {
    expect(postgresClientImage("17")).to.equal("postgres:17.11-alpine3.24");
    expect(() => postgresClientImage("13")).to.throw(/no pinned postgres image for PostgreSQL 13/);
  });

  describe(`on the day the tests run (${TODAY})`, () => {
    for (const { name } of environmentKinds()) {
      const env = loadEnvironment(name);
      it(`${name}: Kubernetes ${env.cluster.version} is in EKS standard support`, () => {
        const { status, version } = kubernetesSupport(env.cluster.version, TODAY);
        expect(
          status,
          `${name} runs ${env.cluster.version}; standard support ends ${version?.standardSupportEnd}`,
        ).to.equal("standard");
      });

      it(`${name}: every pinned chart is in the calendar, supported today and on Kubernetes ${env.cluster.version}`, () => {
        const charts = chartPins(env);
        expect(charts.length).to.be.greaterThan(5);
        for (const c of charts) {
          const row = pinnedRelease("chart", c.name, c.version);
          expect(
            row,
            `${c.key}: chart ${c.name} ${c.version} has no row in model/catalog/support.ts`,
          ).to.not.equal(undefined);
          expect(pinProblem(row!, TODAY), c.key).to.equal(undefined);
          expect(
            pinSupportsKubernetes(row!, env.cluster.version),
            `${c.key} on ${env.cluster.version}`,
          ).to.equal(true);
        }
      });

      it(`${name}: every default image is pinned, in the calendar and supported today`, () => {
        for (const i of imagePins(env)) {
          expect(imagePinProblem(i.ref), `${i.key}: ${i.ref}`).to.equal(undefined);
          if (i.userSupplied) continue;
          const { repository, tag } = parseImageReference(i.ref);
          const row = pinnedRelease("image", repository, tag ?? "");
          expect(
            row,
            `${i.key}: image ${i.ref} has no row in model/catalog/support.ts`,
          ).to.not.equal(undefined);
          expect(pinProblem(row!, TODAY), i.key).to.equal(undefined);
          expect(
            pinSupportsKubernetes(row!, env.cluster.version),
            `${i.key} on ${env.cluster.version}`,
          ).to.equal(true);
        }
      });
    }
  });
});
