import { expect } from "chai";
import { loadTestCronJob, loadTestName } from "../../components/loadtest";
import { loadEnvironment } from "../../stacks";
import { resolvedScenarios } from "../../stacks/areas/loadtests";
import { byUrn, ofType, runStack } from "../helpers/program";

const CRONJOB = "kubernetes:batch/v1:CronJob";

describe("in-cluster load tests in the program: a suspended CronJob per scenario where platform:loadTests.inCluster is on", () => {
  for (const stack of ["dev", "staging"]) {
    it(`${stack} keeps each of its scenarios as a suspended CronJob beside the service, as the pure builder renders it`, async () => {
      const env = loadEnvironment(stack);
      expect(env.loadTests.inCluster, `Pulumi.${stack}.yaml turns it on`).to.equal(true);
      const r = await runStack(stack);
      const crons = ofType(r, CRONJOB).filter(
        (c) => c.parent !== undefined && byUrn(r, c.parent).type === "platform:loadtest:LoadTests",
      );
      const scenarios = resolvedScenarios(env);
      expect(crons.map((c) => c.inputs.metadata.name).sort()).to.deep.equal(
        scenarios.map((s) => loadTestName(s.name)).sort(),
      );
      for (const s of scenarios) {
        const cron = crons.find((c) => c.inputs.metadata.name === loadTestName(s.name))!;
        const expected = loadTestCronJob(s, {
          namespace: env.services[s.service].namespace,
          image: env.loadTests.image,
          evaluatorImage: env.loadTests.evaluatorImage,
        });
        expect(cron.inputs.spec.suspend).to.equal(true);
        expect(cron.inputs.metadata.namespace).to.equal(env.services[s.service].namespace);
        expect(cron.inputs.spec.jobTemplate.spec.template.spec.initContainers).to.have.length(
          expected.spec.jobTemplate.spec.template.spec.initContainers.length,
        );
        expect(cron.secretPaths).to.deep.equal([]);
        // The evaluator's ConfigMap exists before the CronJob that mounts it.
        const configMap = ofType(r, "kubernetes:core/v1:ConfigMap").find(
          (c) =>
            c.inputs.metadata.name === loadTestName(s.name) &&
            c.inputs.metadata.namespace === env.services[s.service].namespace,
        );
        expect(configMap, `${s.name}'s evaluator ConfigMap`).to.not.equal(undefined);
        expect(cron.dependencies).to.include(configMap!.urn);
      }
      expect(r.outputs.loadTestCronJobs).to.deep.equal(
        Object.fromEntries(scenarios.map((s) => [s.name, loadTestName(s.name)])),
      );
    });
  }

  it("prod creates none: off by default, and prod leaves it off (a run there is on demand from the CLI)", async () => {
    expect(loadEnvironment("prod").loadTests.inCluster).to.equal(false);
    const r = await runStack("prod");
    expect(
      ofType(r, CRONJOB).filter((c) => /^loadtest-/.test(String(c.inputs.metadata?.name))),
    ).to.deep.equal([]);
    expect(ofType(r, "platform:loadtest:LoadTests")).to.have.length(0);
  });
});
