import { expect } from "chai";
import { workloadNodeGroup } from "../../stacks/schema/workload-checks";
import { configProblems, expectAccepted, expectProblem } from "../helpers/config-problems";

/** dev's node groups: system (on-demand), app-spot (spot), baseline (on-demand). */
describe("workloads fit the rest of the environment, refused naming the workload's key", () => {
  it("a node group that does not exist is refused, listing the groups", () => {
    expectProblem(
      "dev",
      (s) => (s.services["agent-api"].nodeGroup = "nope"),
      "platform:services.agent-api.nodeGroup",
      'unknown node group "nope"; known: system, app-spot, baseline',
    );
  });

  it("the system group is kept for cluster add-ons", () => {
    expectProblem(
      "dev",
      (s) => (s.services["agent-api"].nodeGroup = "system"),
      "platform:services.agent-api.nodeGroup",
      "system is the system group, reserved for cluster add-ons",
    );
    expectAccepted("dev", (s) => (s.services["agent-api"].nodeGroup = "baseline"));
  });

  it("a capacity type no non-system group offers is refused; the system group's does not count", () => {
    expectProblem(
      "dev",
      (s) => (s.services["agent-api"].capacity = "reserved"),
      "platform:services.agent-api.capacity",
      "no non-system node group has capacity type reserved; add one or set nodeGroup",
    );
    // on-demand: the baseline group offers it; without baseline only the system group would.
    expectAccepted("dev", (s) => (s.services["agent-api"].capacity = "on-demand"));
    expect(
      workloadNodeGroup(
        { capacity: "on-demand" },
        {
          system: { role: "system", capacityType: "on-demand" },
          spot: { role: "application", capacityType: "spot" },
        },
      ),
    ).to.equal(undefined);
  });

  it("a workload lands on the group it names (if it exists), else the first non-system group of its capacity", () => {
    const groups = {
      system: { role: "system", capacityType: "on-demand" },
      spot: { role: "application", capacityType: "spot" },
      base: { role: "baseline", capacityType: "on-demand" },
      base2: { role: "baseline", capacityType: "on-demand" },
    };
    expect(workloadNodeGroup({ capacity: "on-demand" }, groups)).to.equal("base");
    expect(workloadNodeGroup({ capacity: "spot", nodeGroup: "base2" }, groups)).to.equal("base2");
    expect(workloadNodeGroup({ capacity: "spot", nodeGroup: "gone" }, groups)).to.equal(undefined);
  });

  it("the headroom placeholders are placed like a workload", () => {
    expectProblem(
      "dev",
      (s) => (s.headroom = { replicas: 1, capacity: "reserved" }),
      "platform:headroom.capacity",
      "no non-system node group has capacity type reserved; add one or set nodeGroup",
    );
    // No placeholders, nothing to place.
    expectAccepted("dev", (s) => (s.headroom = { replicas: 0, capacity: "reserved" }));
  });

  it("a namespace outside platform:namespaces is refused: it has no data Secret", () => {
    expectProblem(
      "dev",
      (s) => (s.workers["agent-worker"].namespace = "jobs"),
      "platform:workers.agent-worker.namespace",
      "jobs is not in platform:namespaces (apps, agents), so it has no platform-data Secret",
    );
  });

  it("a service and a worker may not share a name", () => {
    const found = configProblems(
      "dev",
      (s) => (s.workers["agent-api"] = s.workers["agent-worker"]),
    );
    expect(found.map((p) => [p.key, p.message])).to.deep.equal([
      [
        "platform:workers.agent-api",
        "the name agent-api is used by a service and a worker; workload names must be unique",
      ],
    ]);
  });

  it("a worker's queue must be one the data tier declares, listing them (or none)", () => {
    expectProblem(
      "dev",
      (s) => (s.workers["agent-worker"].queue = "nope"),
      "platform:workers.agent-worker.queue",
      'queue "nope" does not exist in the data tier; platform:queue.queues lists agent-tasks, agent-results',
    );
    expectProblem(
      "dev",
      (s) => (s.queue.queues = []),
      "platform:workers.agent-worker.queue",
      'queue "agent-tasks" does not exist in the data tier; platform:queue.queues lists none',
    );
  });

  it("a worker gives exactly one of concurrency or replicas: both, or neither, is refused at replicas", () => {
    const ONE_OF =
      "give exactly one of concurrency (planner-derived bounds) or replicas (explicit bounds)";
    const key = "platform:workers.agent-worker.replicas";
    expectProblem(
      "dev",
      (s) => (s.workers["agent-worker"].replicas = { min: 1, max: 4 }),
      key,
      ONE_OF,
    );
    expectProblem("dev", (s) => delete s.workers["agent-worker"].concurrency, key, ONE_OF);
    expectAccepted("dev", (s) => {
      delete s.workers["agent-worker"].concurrency;
      s.workers["agent-worker"].replicas = { min: 1, max: 4 };
    });
  });
});
