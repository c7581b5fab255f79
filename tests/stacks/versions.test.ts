import { expect } from "chai";
import { clusterVersionWarnings } from "../../stacks/schema/cluster";
import { type ConfigEdit, configProblems, expectProblem } from "../helpers/config-problems";

/** The dev settings with an edit applied: the problems of the ConfigError, or [] when accepted. */
const problems = (edit: ConfigEdit) => configProblems("dev", edit);

/** Asserts dev's file after `edit` has a problem at `key` whose message matches `pattern`. */
const expectRefused = (edit: ConfigEdit, key: string, pattern: RegExp) =>
  expectProblem("dev", edit, key, pattern);

describe("pinned versions in the environment schema", () => {
  it("refuses a Kubernetes version past EKS extended support (1.31 ended 2026-11-26), naming the key", () => {
    expectRefused(
      (s) => (s.cluster.version = "1.31"),
      "platform:cluster.version",
      /1\.31 left EKS extended support on 2026-11-26.*Use one of 1\.36/,
    );
  });

  it("refuses a Kubernetes version EKS does not list", () => {
    expectRefused(
      (s) => (s.cluster.version = "1.99"),
      "platform:cluster.version",
      /not in the EKS calendar/,
    );
  });

  it("accepts a version in extended support (1.33), with a warning that names the cost and the target", () => {
    expect(
      problems((s) => {
        s.cluster.version = "1.33";
        s.charts = {
          clusterAutoscaler: {
            repository: "https://kubernetes.github.io/autoscaler",
            name: "cluster-autoscaler",
            version: "9.59.0",
            imageTag: "v1.33.1",
          },
        };
      }),
    ).to.deep.equal([]);
    const [warning] = clusterVersionWarnings("1.33", "2026-12-01");
    expect(warning).to.match(
      /platform:cluster\.version 1\.33 left EKS standard support on 2026-07-29.*6x.*upgrade to 1\.36/,
    );
    expect(clusterVersionWarnings("1.36", "2026-12-01")).to.deep.equal([]);
  });

  it("refuses a service image without a tag or digest, naming the key", () => {
    expectRefused(
      (s) => (s.services["agent-api"].image = "ghcr.io/example/agent-api"),
      "platform:services.agent-api.image",
      /neither a tag nor a digest/,
    );
  });

  it("refuses latest for the PgBouncer image, naming the key", () => {
    expectRefused(
      (s) => (s.pgbouncer = { ...s.pgbouncer, image: "ghcr.io/cloudnative-pg/pgbouncer:latest" }),
      "platform:pgbouncer.image",
      /moving tag latest/,
    );
  });

  it("accepts an image pinned by digest", () => {
    expect(
      problems(
        (s) =>
          (s.workers["agent-worker"].image =
            `ghcr.io/example/agent-worker@sha256:${"0".repeat(64)}`),
      ),
    ).to.deep.equal([]);
  });
});
