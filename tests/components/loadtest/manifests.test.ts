import { expect } from "chai";
import { stringify } from "yaml";
import {
  connections,
  loadRuns,
  loadTestCronJob,
  loadTestJob,
  type LoadTestTarget,
  RAMP_STEP_SECONDS,
  resultFile,
  serviceUrl,
  stepBoundaries,
} from "../../../components/loadtest";
import { validateObject } from "../../engine/manifests";
import { restrictedProblems } from "../../../components/shared/pod-security";
import { loadEnvironment, SecretValue } from "../../../stacks";
import { resolvedScenarios } from "../../../stacks/areas/loadtests";
import { rateAt, type ResolvedScenario } from "../../../stacks/schema/loadtests";

type Obj = Record<string, unknown>;
type Container = {
  name: string;
  image: string;
  args?: string[];
  env?: { name: string; value: string }[];
};

const ENVIRONMENTS = ["dev", "staging", "prod", "sandbox"];

function targetOf(stack: string, s: ResolvedScenario): LoadTestTarget {
  const env = loadEnvironment(stack);
  return {
    namespace: env.services[s.service].namespace,
    image: env.loadTests.image,
    evaluatorImage: env.loadTests.evaluatorImage,
  };
}

/** The value after a flag in Fortio's arguments. */
const flag = (args: string[], name: string) => args[args.indexOf(name) + 1];
/** `-t` as milliseconds. */
const ms = (t: string) => Number(/^(\d+)ms$/.exec(t)![1]);

/** Every SecretValue in the environment's settings. */
function secrets(v: unknown, out: SecretValue[] = []): SecretValue[] {
  if (v instanceof SecretValue) out.push(v);
  else if (v && typeof v === "object") for (const x of Object.values(v)) secrets(x, out);
  return out;
}

describe("in-cluster load tests: each scenario rendered as a Fortio Job judged by its thresholds", () => {
  for (const stack of ENVIRONMENTS) {
    const env = loadEnvironment(stack);
    const scenarios = resolvedScenarios(env);

    it(`${stack}: declares the seed's four scenarios, each rendered`, () => {
      expect(scenarios.map((s) => s.name)).to.deep.equal(["normal", "peak", "spike", "soak"]);
    });

    for (const s of scenarios) {
      const target = targetOf(stack, s);
      const job = loadTestJob(s, target, "t1");
      const pod = job.spec.template.spec;
      const inits = pod.initContainers as Container[];

      it(`${stack} ${s.name}: the steps cover the whole scenario, in order, at its rates and read share`, () => {
        const runs = loadRuns(s);
        let at = 0;
        let sent = 0;
        let reads = 0;
        for (const r of runs) {
          expect(r.startMs, `run ${r.index} starts where the last ended`).to.equal(at);
          at += r.durationMs;
          sent += (r.rps * r.durationMs) / 1000;
          if (r.kind === "read") reads += (r.rps * r.durationMs) / 1000;
        }
        expect(at).to.equal(s.durationSeconds * 1000);
        // The scenario's requests: the integral of its linear stages (each step runs at its midpoint's rate).
        let expected = 0;
        for (let t = 0; t < s.durationSeconds; t++) expected += rateAt(s, t + 0.5);
        expect(sent / expected).to.be.within(0.995, 1.005);
        expect((100 * reads) / sent).to.be.within(s.readPercent - 0.5, s.readPercent + 0.5);
      });

      it(`${stack} ${s.name}: Fortio's arguments carry each step's rate, length, connections and the service's URL`, () => {
        const runs = loadRuns(s);
        expect(inits).to.have.length(runs.length);
        runs.forEach((r, i) => {
          const args = inits[i].args!;
          expect(args[0]).to.equal("load");
          expect(Number(flag(args, "-qps"))).to.equal(r.rps);
          expect(ms(flag(args, "-t"))).to.equal(r.durationMs);
          expect(Number(flag(args, "-c"))).to.equal(connections(r.rps, s.p95Ms));
          expect(flag(args, "-json")).to.equal(resultFile(r));
          expect(args).to.include("-allow-initial-errors");
          expect(args.at(-1)).to.equal(serviceUrl(s.service, target.namespace));
          expect(args.includes("-payload"), `${inits[i].name} writes`).to.equal(r.kind === "write");
          expect(inits[i].image).to.equal(env.loadTests.image);
        });
        // Ramps advance every 5 s: no step of a ramp is longer.
        const cuts = stepBoundaries(s);
        for (let i = 0; i + 1 < cuts.length; i++)
          if (rateAt(s, cuts[i] + 0.01) !== rateAt(s, cuts[i + 1] - 0.01))
            expect(cuts[i + 1] - cuts[i]).to.be.at.most(RAMP_STEP_SECONDS);
      });

      it(`${stack} ${s.name}: the evaluator gets the thresholds, and only steps after the grace period are judged on latency`, () => {
        const evaluator = (pod.containers as Container[])[0];
        const envVars = Object.fromEntries(evaluator.env!.map((e) => [e.name, e.value]));
        expect(envVars.P95_MS).to.equal(String(s.p95Ms));
        const declared = env.loadTests.scenarios[s.name].thresholds.p95Ms;
        expect(envVars.P95_MS, "default: the service's latency objective").to.equal(
          String(declared ?? env.services[s.service].latencyObjectiveMs),
        );
        expect(envVars.ERROR_RATE_PERCENT).to.equal(String(s.errorRatePercent));
        expect(evaluator.image).to.equal(env.loadTests.evaluatorImage);
        for (const r of loadRuns(s)) {
          expect(r.judged).to.equal(r.startMs >= s.p95GraceSeconds * 1000);
          expect(resultFile(r)).to.match(r.judged ? /-judged-/ : /-grace-/);
        }
      });

      it(`${stack} ${s.name}: the Job and the CronJob are valid batch/v1 objects (Kubernetes' own schema)`, async () => {
        for (const o of [job, loadTestCronJob(s, target)]) {
          const rendered = { file: `${o.kind}.yaml`, ...o, ...o.metadata, body: o };
          expect(await validateObject(rendered), o.kind).to.deep.equal([]);
        }
      });

      it(`${stack} ${s.name}: one attempt, no retry, and the pod meets the restricted Pod Security Standard`, () => {
        expect(job.spec.backoffLimit).to.equal(0);
        expect(pod.restartPolicy).to.equal("Never");
        expect(job.spec.activeDeadlineSeconds).to.be.above(s.durationSeconds);
        expect(restrictedProblems(pod as unknown as Obj)).to.deep.equal([]);
      });

      it(`${stack} ${s.name}: no secret reaches the manifest`, () => {
        const yaml = stringify(loadTestCronJob(s, target)) + stringify(job);
        expect(yaml).to.not.match(/secretRef|secretKeyRef|secretName|envFrom/);
        expect(pod.automountServiceAccountToken).to.equal(false);
        for (const secret of secrets(env)) {
          for (const v of [secret.plaintext, secret.ciphertext])
            if (v !== undefined && v.length >= 6) expect(yaml).to.not.include(v);
        }
      });
    }
  }

  it("the kept CronJob is suspended and never fires on its own; a run is a Job from the same spec", () => {
    const env = loadEnvironment("dev");
    const s = resolvedScenarios(env).find((x) => x.name === "spike")!;
    const target = targetOf("dev", s);
    const cron = loadTestCronJob(s, target);
    expect(cron.spec.suspend).to.equal(true);
    expect(cron.spec.concurrencyPolicy).to.equal("Forbid");
    expect(cron.metadata).to.deep.include({ name: "loadtest-spike", namespace: target.namespace });
    expect(cron.spec.jobTemplate.spec).to.deep.equal(loadTestJob(s, target, "x").spec);
    expect(() => loadTestJob(s, target, "Not_ok")).to.throw(/suffix/);
  });

  it("prod's spike: 100 -> 1,000 req/s ramp in twelve 5 s steps, 80 % reads, P95 judged after 60 s", () => {
    const s = resolvedScenarios(loadEnvironment("prod")).find((x) => x.name === "spike")!;
    const runs = loadRuns(s);
    const ramp = runs.filter((r) => r.startMs < 60_000);
    expect(ramp.filter((r) => r.kind === "read").map((r) => r.rps)).to.deep.equal([
      137.5, 212.5, 287.5, 362.5, 437.5, 512.5, 587.5, 662.5, 737.5, 812.5, 887.5, 962.5,
    ]);
    expect(ramp.every((r) => !r.judged)).to.equal(true);
    expect(ramp.filter((r) => r.kind === "read").every((r) => r.durationMs === 4000)).to.equal(
      true,
    );
    const hold = runs.filter((r) => r.startMs >= 60_000 && r.startMs < 660_000);
    expect(hold.every((r) => r.judged && r.rps === 1000)).to.equal(true);
  });
});
