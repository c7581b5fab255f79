import { expect } from "chai";
import { workloadPlan } from "../../stacks/areas/workloads";
import {
  ConfigError,
  parseEnvironment,
  readStackConfig,
  settingsFromConfigMap,
  stackFilePath,
} from "../../stacks/load";
import { runFailing } from "../helpers/program";

type Raw = Record<string, unknown> & {
  services: Record<string, Record<string, unknown>>;
  workers: Record<string, Record<string, unknown>>;
};

/** prod's stack file as raw settings, changed by `edit`. */
function prodWith(edit: (raw: Raw) => void): Record<string, unknown> {
  const raw = structuredClone(settingsFromConfigMap(readStackConfig(stackFilePath("prod")))) as Raw;
  edit(raw);
  return raw;
}

/** The problems reported for the edited prod settings, at parse time or by the planner. */
function problems(edit: (raw: Raw) => void): { key: string; message: string }[] {
  try {
    workloadPlan(parseEnvironment("prod", prodWith(edit), "Pulumi.prod.yaml"));
  } catch (e) {
    expect(e).to.be.instanceOf(ConfigError);
    expect((e as ConfigError).environment).to.equal("prod");
    return (e as ConfigError).problems;
  }
  throw new Error("expected the edited prod config to be rejected");
}

const api = (raw: Raw) => raw.services["agent-api"];
const worker = (raw: Raw) => raw.workers["agent-worker"];

describe("workloads: bad input is a clear error naming the key", () => {
  it("rejects an unknown HPA metric name and lists the known ones", () => {
    const [p] = problems((r) => (api(r).hpa = { metrics: { cpu: 70, latency: 200 } }));
    expect(p.key).to.equal("platform:services.agent-api.hpa.metrics.latency");
    expect(p.message).to.match(
      /unknown metric "latency"; known metrics: cpu, memory, requestsPerSecond/,
    );
  });

  it("rejects a target utilisation outside 1-100", () => {
    const found = problems((r) => (api(r).hpa = { metrics: { cpu: 0, memory: 120 } }));
    expect(found.map((p) => p.key)).to.deep.equal([
      "platform:services.agent-api.hpa.metrics.cpu",
      "platform:services.agent-api.hpa.metrics.memory",
    ]);
    expect(found[1].message).to.match(/between 1 and 100, got 120/);
  });

  it("rejects replica bounds with min above max", () => {
    const [p] = problems((r) => (worker(r).replicas = { min: 600, max: 500 }));
    expect(p).to.deep.include({
      key: "platform:workers.agent-worker.replicas.min",
      message: "min 600 is greater than max 500",
    });
  });

  it("rejects a worker queue the data tier does not declare", () => {
    const [p] = problems((r) => (worker(r).queue = "agent-taks"));
    expect(p.key).to.equal("platform:workers.agent-worker.queue");
    expect(p.message).to.match(
      /"agent-taks" does not exist in the data tier; platform:queue.queues lists agent-tasks/,
    );
  });

  it("rejects a service given both traffic and explicit replicas", () => {
    const [p] = problems((r) => (api(r).replicas = { min: 3, max: 10 }));
    expect(p.key).to.equal("platform:services.agent-api.traffic");
    expect(p.message).to.match(/exactly one of traffic .* or replicas/);
  });

  it("rejects a PDB that would block every voluntary disruption", () => {
    const [p] = problems((r) => (api(r).maxUnavailable = 0));
    expect(p.key).to.equal("platform:services.agent-api.maxUnavailable");
    expect(p.message).to.match(/0 would block every drain/);
  });

  it("rejects a namespace without the data Secret and an unknown node group", () => {
    const found = problems((r) => {
      api(r).namespace = "web";
      worker(r).nodeGroup = "gpu";
    });
    expect(found.map((p) => p.key)).to.have.members([
      "platform:services.agent-api.namespace",
      "platform:workers.agent-worker.nodeGroup",
    ]);
  });

  it("rejects a spike the replica maximum cannot carry (10 × 100 req/s above 5 × 150)", () => {
    const [p] = problems((r) => {
      delete api(r).traffic;
      api(r).replicas = { min: 3, max: 5 };
      r.planning = { ...(r.planning as object), spike: { factor: 10 } };
      api(r).throughputPerPod = { baselineRps: 34, peakRps: 150 };
    });
    // baseline = min × baselineRps = 3 × 34 = 102 req/s; 10x = 1,020 > 5 × 150 = 750.
    expect(p.key).to.equal("platform:services.agent-api.replicas.max");
    expect(p.message).to.match(
      /spike peaks at 1020 req\/s, above maxReplicas 5 × 150 req\/s = 750; raise the maximum to at least 7/,
    );
  });

  it("rejects a traffic target whose pods cannot fit the node group maxima, naming environment and service", async () => {
    const config = readStackConfig(stackFilePath("prod"));
    const services = JSON.parse(config["platform:services"]);
    services["agent-api"].traffic.targetPeakRps = 20_000;
    const failure = await runFailing({
      stack: "prod",
      config: { ...config, "platform:services": JSON.stringify(services) },
    });
    expect(failure.message).to.match(/invalid configuration for environment "prod"/);
    expect(failure.message).to.match(
      /platform:services\.agent-api: at max replicas the workloads on node group app-spot need \d+ m\d\w*\.xlarge nodes but its maxSize is 30/,
    );
    expect(
      failure.registered.filter(
        (r) => r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
      ),
    ).to.deep.equal([]);
  });
});
