// What the monitoring targets must look like (components/monitoring/rules/targets.ts): each rule
// at its limit and one past it, with the exact key, value and message of the problem reported.
import { expect } from "chai";
import { MonitoringInputError } from "../../../components/monitoring/errors";
import {
  type MonitoredService,
  type MonitoredWorker,
  type MonitoringTargets,
  validateTargets,
} from "../../../components/monitoring/rules/targets";
import type { Problem } from "../../../model/problems";

const service = (over: Partial<MonitoredService> = {}): MonitoredService => ({
  name: "api",
  namespace: "apps",
  latencyObjectiveMs: 200,
  ...over,
});
const worker = (over: Partial<MonitoredWorker> = {}): MonitoredWorker => ({
  name: "agents",
  namespace: "agents",
  queue: "agent-tasks",
  messagesPerPod: 10,
  maxReplicas: 20,
  ...over,
});
const targets = (over: Partial<MonitoringTargets> = {}): MonitoringTargets => ({
  environment: "dev",
  services: [service()],
  workers: [worker()],
  ...over,
});

function problemsOf(t: MonitoringTargets): Problem[] {
  try {
    validateTargets(t);
  } catch (err) {
    expect(err).to.be.instanceOf(MonitoringInputError);
    return (err as MonitoringInputError).problems;
  }
  return [];
}

const DNS = "must be a DNS label (lowercase letters, digits, '-')";
const LABEL_63 = `a${"b".repeat(61)}c`;
const LABEL_64 = `a${"b".repeat(62)}c`;

describe("monitoring targets (components/monitoring/rules/targets.ts)", () => {
  it("a valid environment passes", () => {
    expect(problemsOf(targets())).to.deep.equal([]);
  });

  describe("the environment", () => {
    it("must be a DNS label: 63 characters pass, 64 or a capital fail, and the error names the builder", () => {
      expect(problemsOf(targets({ environment: LABEL_63 }))).to.deep.equal([]);
      expect(problemsOf(targets({ environment: LABEL_64 }))).to.deep.equal([
        { key: "environment", value: LABEL_64, message: DNS },
      ]);
      let err: MonitoringInputError | undefined;
      try {
        validateTargets(targets({ environment: "Prod" }));
      } catch (e) {
        err = e as MonitoringInputError;
      }
      expect(err?.source).to.equal("monitoring targets");
      expect(err?.environment).to.equal("Prod");
      expect(err?.message).to.equal(
        `invalid monitoring targets for environment "Prod":\n  - environment = "Prod": ${DNS}`,
      );
    });
  });

  describe("services", () => {
    it("name and namespace are DNS labels, each reported at its index", () => {
      expect(
        problemsOf(targets({ services: [service(), service({ name: LABEL_63, namespace: "a" })] })),
      ).to.deep.equal([]);
      expect(
        problemsOf(
          targets({ services: [service(), service({ name: "web_1", namespace: "-apps" })] }),
        ),
      ).to.deep.equal([
        { key: "services[1].name", value: "web_1", message: DNS },
        { key: "services[1].namespace", value: "-apps", message: "must be a DNS label" },
      ]);
    });

    it("the latency objective is more than 0 and at most 60,000 ms", () => {
      const objective = (ms: number) =>
        problemsOf(targets({ services: [service({ latencyObjectiveMs: ms })] }));
      expect(objective(60_000)).to.deep.equal([]);
      expect(objective(0.5)).to.deep.equal([]);
      for (const ms of [60_001, 0, -1, Number.NaN, Number.POSITIVE_INFINITY])
        expect(objective(ms), String(ms)).to.deep.equal([
          {
            key: "services[0].latencyObjectiveMs",
            value: ms,
            message: "must be more than 0 and at most 60,000 ms",
          },
        ]);
    });

    it("a name is unique per namespace, across services and workers; the same name elsewhere is fine", () => {
      expect(
        problemsOf(
          targets({
            services: [service(), service({ namespace: "web" }), service({ name: "portal" })],
            workers: [worker({ name: "api", namespace: "jobs" })],
          }),
        ),
      ).to.deep.equal([]);
      expect(
        problemsOf(
          targets({
            services: [service(), service({ name: "portal" }), service()],
            workers: [worker({ name: "portal", namespace: "apps" })],
          }),
        ),
      ).to.deep.equal([
        {
          key: "services[2].name",
          value: "apps/api",
          message: "is already used by services[0].name; names must be unique per namespace",
        },
        {
          key: "workers[0].name",
          value: "apps/portal",
          message: "is already used by services[1].name; names must be unique per namespace",
        },
      ]);
    });
  });

  describe("workers", () => {
    it("name, namespace and ScaledObject are DNS labels", () => {
      expect(
        problemsOf(
          targets({ workers: [worker({ name: LABEL_63, scaledObject: "indexer-queue" })] }),
        ),
      ).to.deep.equal([]);
      expect(
        problemsOf(
          targets({
            workers: [worker({ name: "Agents", namespace: "agents.", scaledObject: "q_1" })],
          }),
        ),
      ).to.deep.equal([
        { key: "workers[0].name", value: "Agents", message: DNS },
        { key: "workers[0].namespace", value: "agents.", message: "must be a DNS label" },
        { key: "workers[0].scaledObject", value: "q_1", message: "must be a DNS label" },
      ]);
    });

    it("the queue is a RabbitMQ name of 1-255 letters, digits, '.', '_', ':' or '-'", () => {
      const queue = (q: string) => problemsOf(targets({ workers: [worker({ queue: q })] }));
      expect(queue("A.b_c:d-9")).to.deep.equal([]);
      expect(queue("q".repeat(255))).to.deep.equal([]);
      const message =
        "must be a RabbitMQ queue name of 1-255 letters, digits, '.', '_', ':' or '-'";
      for (const q of ["q".repeat(256), "", "agent tasks", "tasks/1"])
        expect(queue(q), q).to.deep.equal([{ key: "workers[0].queue", value: q, message }]);
    });

    it("messages per pod and maximum replicas are whole numbers of at least 1", () => {
      const sized = (messagesPerPod: number, maxReplicas: number) =>
        problemsOf(targets({ workers: [worker({ messagesPerPod, maxReplicas })] }));
      expect(sized(1, 1)).to.deep.equal([]);
      const message = "must be a whole number of at least 1";
      expect(sized(0, 0)).to.deep.equal([
        { key: "workers[0].messagesPerPod", value: 0, message },
        { key: "workers[0].maxReplicas", value: 0, message },
      ]);
      expect(sized(1.5, 2.5)).to.deep.equal([
        { key: "workers[0].messagesPerPod", value: 1.5, message },
        { key: "workers[0].maxReplicas", value: 2.5, message },
      ]);
    });

    it("two workers may not share a ScaledObject name, even in different namespaces", () => {
      expect(
        problemsOf(
          targets({
            workers: [
              worker(),
              worker({ name: "indexer", namespace: "docs", scaledObject: "agents" }),
            ],
          }),
        ),
      ).to.deep.equal([
        {
          key: "workers[1].scaledObject",
          value: "agents",
          message:
            "is also the ScaledObject of workers[0]; ScaledObject names must be unique in the cluster",
        },
      ]);
    });
  });

  describe("endpoints", () => {
    const endpoint = (service: string, namespace: string) => ({
      service,
      namespace,
      host: "api.example.org",
      loadBalancerName: "dev-api",
      edgeAcl: { name: "dev-api", rateLimitRule: "per-ip" },
    });

    it("each public endpoint is one of the monitored services (same name and namespace)", () => {
      expect(problemsOf(targets({ endpoints: [endpoint("api", "apps")] }))).to.deep.equal([]);
      expect(
        problemsOf(targets({ endpoints: [endpoint("api", "apps"), endpoint("api", "web")] })),
      ).to.deep.equal([
        {
          key: "endpoints[1].service",
          value: "web/api",
          message: "is not one of the monitored services",
        },
      ]);
    });
  });
});
