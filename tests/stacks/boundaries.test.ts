import { expect } from "chai";
import { MAX_EXTRA_TAGS } from "../../stacks/schema/aws";
import { type ConfigEdit as Edit, expectAccepted, expectProblem } from "../helpers/config-problems";

/** Asserts the schema accepts the dev stack file with `edit` applied. */
const accepts = (edit: Edit) => expectAccepted("dev", edit);

/** Asserts the schema refuses dev's file after `edit` at `key`, with exactly `message` (or matching it). */
const rejects = (edit: Edit, key: string, message: string | RegExp) =>
  expectProblem("dev", edit, key, message);

/** dev's agent-api with explicit replica bounds instead of planner-derived ones. */
const explicitReplicas =
  (min: number, max: number): Edit =>
  (s) => {
    delete s.services["agent-api"].traffic;
    s.services["agent-api"].replicas = { min, max };
  };

/**
 * Every cross-field bound of the environment schema at its limit: the value at the limit is
 * accepted and one past it is refused, naming the key, so `>` turned into `>=` (or a check
 * dropped) fails a test. Edits start from the shipped dev stack file.
 */
describe("environment schema: every bound at its limit is accepted, one past is refused", () => {
  it("the dev stack file itself is accepted (the base every case edits)", () => {
    accepts(() => undefined);
  });

  describe("service replicas: min <= max", () => {
    it("min equal to max is accepted", () => accepts(explicitReplicas(4, 4)));

    it("min one above max is refused", () =>
      rejects(
        explicitReplicas(5, 4),
        "platform:services.agent-api.replicas.min",
        "min 5 is greater than max 4",
      ));

    it("traffic and replicas together, or neither, are refused", () => {
      rejects(
        (s) => (s.services["agent-api"].replicas = { min: 2, max: 4 }),
        "platform:services.agent-api.traffic",
        "give exactly one of traffic (planner-derived bounds) or replicas (explicit bounds)",
      );
      rejects(
        (s) => delete s.services["agent-api"].traffic,
        "platform:services.agent-api.traffic",
        /give exactly one of traffic/,
      );
    });
  });

  describe("worker replicas: min <= max", () => {
    const explicit =
      (min: number, max: number): Edit =>
      (s) => {
        delete s.workers["agent-worker"].concurrency;
        s.workers["agent-worker"].replicas = { min, max };
      };
    it("min equal to max is accepted", () => accepts(explicit(3, 3)));
    it("min one above max is refused", () =>
      rejects(
        explicit(4, 3),
        "platform:workers.agent-worker.replicas.min",
        "min 4 is greater than max 3",
      ));
  });

  describe("service throughput: baselineRps <= peakRps, an rps target <= peakRps", () => {
    const throughput =
      (baselineRps: number, peakRps: number, target?: number): Edit =>
      (s) => {
        s.services["agent-api"].throughputPerPod = { baselineRps, peakRps };
        if (target !== undefined)
          s.services["agent-api"].hpa = { metrics: { requestsPerSecond: target } };
      };
    it("baselineRps equal to peakRps is accepted", () => accepts(throughput(150, 150)));
    it("baselineRps above peakRps is refused", () =>
      rejects(
        throughput(151, 150),
        "platform:services.agent-api.throughputPerPod.baselineRps",
        "baselineRps 151 is above peakRps 150",
      ));
    it("an rps target equal to peakRps is accepted, above it refused", () => {
      accepts(throughput(80, 150, 150));
      rejects(
        throughput(80, 150, 151),
        "platform:services.agent-api.hpa.metrics.requestsPerSecond",
        "target 151 req/s per pod is above what a pod serves (peakRps 150)",
      );
    });
    it("an rps target must be above 0", () =>
      rejects(
        throughput(80, 150, 0),
        "platform:services.agent-api.hpa.metrics.requestsPerSecond",
        "requests per second per pod must be above 0, got 0",
      ));
  });

  describe("HPA utilisation targets: whole percentages 1-100", () => {
    const target =
      (metric: string, value: number): Edit =>
      (s) =>
        (s.services["agent-api"].hpa = { metrics: { [metric]: value } });
    it("1 and 100 are accepted", () => {
      accepts(target("cpu", 1));
      accepts(target("memory", 100));
    });
    it("0, 101 and 50.5 are refused", () => {
      for (const v of [0, 101, 50.5])
        rejects(
          target("cpu", v),
          "platform:services.agent-api.hpa.metrics.cpu",
          `target utilisation must be a whole percentage between 1 and 100, got ${v}`,
        );
    });
    it("an unknown metric and an empty set are refused", () => {
      rejects(
        target("latency", 5),
        "platform:services.agent-api.hpa.metrics.latency",
        'unknown metric "latency"; known metrics: cpu, memory, requestsPerSecond',
      );
      rejects(
        (s) => (s.services["agent-api"].hpa = { metrics: {} }),
        "platform:services.agent-api.hpa.metrics",
        "list at least one metric",
      );
    });
  });

  describe("container limits: at least the request", () => {
    const limits =
      (cpu: string, memory: string): Edit =>
      (s) =>
        (s.workers["agent-worker"].resources = {
          requests: { cpu: "100m", memory: "192Mi" },
          limits: { cpu, memory },
        });
    it("limits equal to the requests are accepted", () => accepts(limits("100m", "192Mi")));
    it("a CPU limit a millicore below the request is refused", () =>
      rejects(
        limits("99m", "192Mi"),
        "platform:workers.agent-worker.resources.limits.cpu",
        "limit 99m is below the request 100m; Kubernetes refuses such a pod (raise the limit or lower requests.cpu)",
      ));
    it("a memory limit a MiB below the request is refused", () =>
      rejects(
        limits("100m", "191Mi"),
        "platform:workers.agent-worker.resources.limits.memory",
        /limit 191Mi is below the request 192Mi/,
      ));
  });

  describe("node group sizes: minSize <= desiredSize <= maxSize, offHoursSize <= maxSize", () => {
    const sizes =
      (o: Record<string, number>): Edit =>
      (s) =>
        Object.assign(s.nodeGroups["app-spot"], o);
    it("minSize equal to maxSize is accepted", () => accepts(sizes({ minSize: 3, maxSize: 3 })));
    it("minSize one above maxSize is refused", () =>
      rejects(
        sizes({ minSize: 4, maxSize: 3 }),
        "platform:nodeGroups.app-spot.minSize",
        "minSize 4 is greater than maxSize 3",
      ));
    it("desiredSize at minSize and at maxSize is accepted", () => {
      accepts(sizes({ minSize: 2, desiredSize: 2, maxSize: 5 }));
      accepts(sizes({ minSize: 2, desiredSize: 5, maxSize: 5 }));
    });
    it("desiredSize one below minSize or one above maxSize is refused", () => {
      for (const desiredSize of [1, 6])
        rejects(
          sizes({ minSize: 2, desiredSize, maxSize: 5 }),
          "platform:nodeGroups.app-spot.desiredSize",
          `desiredSize ${desiredSize} must lie between minSize 2 and maxSize 5`,
        );
    });
    it("offHoursSize equal to maxSize is accepted, one above refused", () => {
      accepts(sizes({ offHoursSize: 8 }));
      rejects(
        sizes({ offHoursSize: 9 }),
        "platform:nodeGroups.app-spot.offHoursSize",
        "offHoursSize 9 exceeds maxSize 8",
      );
    });
    it("maxUnavailablePercent 100 is accepted, 101 refused", () => {
      accepts(sizes({ maxUnavailablePercent: 100 }));
      rejects(
        sizes({ maxUnavailablePercent: 101 }),
        "platform:nodeGroups.app-spot.maxUnavailablePercent",
        "must be at most 100",
      );
    });
    it("a spot group needs 3 interchangeable types: 3 are accepted, 2 refused", () => {
      accepts(
        (s) => (s.nodeGroups["app-spot"].instanceTypes = ["m6i.xlarge", "m6a.xlarge", "m5.xlarge"]),
      );
      rejects(
        (s) => (s.nodeGroups["app-spot"].instanceTypes = ["m6i.xlarge", "m6a.xlarge"]),
        "platform:nodeGroups.app-spot.instanceTypes",
        "spot groups need at least 3 interchangeable types of the same vCPU and memory (got m6i.xlarge, m6a.xlarge)",
      );
    });
  });

  describe("office hours: startHour < stopHour, hours 0-23", () => {
    const hours =
      (startHour: number, stopHour: number): Edit =>
      (s) =>
        Object.assign(s.offHours, { startHour, stopHour });
    it("a one-hour day is accepted; equal hours are refused", () => {
      accepts(hours(8, 9));
      rejects(hours(9, 9), "platform:offHours.startHour", /^startHour must be before stopHour/);
    });
    it("hours 0 and 23 are accepted, 24 refused", () => {
      // A day starting at midnight leaves no time to wake the database before it: no lead here.
      const noLead: Edit = (s) => Object.assign(s.offHours, { databaseWakeLeadMinutes: 0 });
      const both =
        (...edits: Edit[]): Edit =>
        (s) =>
          edits.forEach((e) => e(s));
      accepts(both(hours(0, 23), noLead));
      rejects(both(hours(0, 24), noLead), "platform:offHours.stopHour", "must be 0-23");
    });
    it("a database wake lead of startHour x 60 minutes is accepted, one minute more refused", () => {
      const lead =
        (databaseWakeLeadMinutes: number): Edit =>
        (s) =>
          Object.assign(s.offHours, { startHour: 1, stopHour: 18, databaseWakeLeadMinutes });
      accepts(lead(60));
      rejects(
        lead(61),
        "platform:offHours.databaseWakeLeadMinutes",
        /would start the database the day before office hours/,
      );
    });
  });

  describe("budget: the shutdown comes after the alert", () => {
    const budget =
      (actualAlertPercent: number, shutdownAtPercent: number): Edit =>
      (s) =>
        Object.assign(s.budget, { actualAlertPercent, shutdownAtPercent });
    it("a shutdown one point above the alert is accepted", () => accepts(budget(90, 91)));
    it("a shutdown at the alert's percentage is refused", () =>
      rejects(
        budget(90, 90),
        "platform:budget.shutdownAtPercent",
        "shutdownAtPercent 90 must be above actualAlertPercent 90: people are warned before capacity is cut",
      ));
  });

  describe("budget: no threshold of a seeded limit at or below the baseline", () => {
    // bufferPercent 25: the limit is 125 % of the baseline, so 80 % of it is the baseline itself.
    const alert =
      (actualAlertPercent: number): Edit =>
      (s) =>
        Object.assign(s.budget, { bufferPercent: 25, actualAlertPercent, shutdownAtPercent: 95 });
    it("an alert at 81 % (101.25 % of the baseline) is accepted", () => accepts(alert(81)));
    it("an alert at 80 % (exactly the baseline) is refused: it would fire every month", () =>
      rejects(
        alert(80),
        "platform:budget.actualAlertPercent",
        /^actualAlertPercent 80 % of a limit seeded at baseline \+ 25 % is 100\.0 % of the baseline estimate: it would fire every month/,
      ));
    it("the refusal names the lowest threshold that would not fire (100 / 1.25 = 80.0)", () =>
      rejects(
        alert(60),
        "platform:budget.actualAlertPercent",
        "actualAlertPercent 60 % of a limit seeded at baseline + 25 % is 75.0 % of the baseline estimate: it would fire every month; use more than 80.0 or raise bufferPercent",
      ));
    it("with an explicit limit the thresholds are not judged against the seeded one", () =>
      accepts((s) => {
        alert(60)(s);
        s.budget.limitUsd = 5000;
      }));
  });

  describe("database storage: maxAllocatedStorageGiB >= allocatedStorageGiB", () => {
    const storage =
      (allocatedStorageGiB: number, maxAllocatedStorageGiB: number): Edit =>
      (s) =>
        Object.assign(s.database, { allocatedStorageGiB, maxAllocatedStorageGiB });
    it("equal sizes are accepted", () => accepts(storage(100, 100)));
    it("a ceiling one GiB below the allocation is refused", () =>
      rejects(
        storage(100, 99),
        "platform:database.maxAllocatedStorageGiB",
        "maxAllocatedStorageGiB (99) must be at least allocatedStorageGiB (100)",
      ));
  });

  describe("network: VPC /16 to /28, zones the region offers", () => {
    it("a /16 VPC is accepted, a /15 refused", () => {
      accepts((s) => (s.network.cidr = "10.10.0.0/16"));
      rejects(
        (s) => (s.network.cidr = "10.10.0.0/15"),
        "platform:network.cidr",
        "a VPC block must be between /16 and /28 (AWS's limits)",
      );
    });
    it("a block outside the private ranges is refused", () =>
      rejects(
        (s) => (s.network.cidr = "11.0.0.0/16"),
        "platform:network.cidr",
        /is not in a private range/,
      ));
    it("eu-west-1's 3 zones are accepted, a 4th refused", () => {
      accepts((s) => {
        s.aws.region = "eu-west-1";
        s.network.zones = 3;
      });
      rejects(
        (s) => {
          s.aws.region = "eu-west-1";
          s.network.zones = 4;
        },
        "platform:network.zones",
        /eu-west-1 offers 3 zones/,
      );
    });
  });

  describe(`tags: at most ${MAX_EXTRA_TAGS} extra tags`, () => {
    const extra =
      (n: number): Edit =>
      (s) =>
        (s.tags.extra = Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"])));
    it(`${MAX_EXTRA_TAGS} extra tags are accepted`, () => accepts(extra(MAX_EXTRA_TAGS)));
    it(`${MAX_EXTRA_TAGS + 1} are refused`, () =>
      rejects(
        extra(MAX_EXTRA_TAGS + 1),
        "platform:tags.extra",
        "holds more than 39 tags; AWS allows 50 per resource and the program sets up to 11 of its own",
      ));
    it("the limit is 39: AWS's 50 tags per resource less the 11 the program may set", () =>
      expect(MAX_EXTRA_TAGS).to.equal(39));
  });

  describe("cron schedules: each field within its range", () => {
    const schedule =
      (cron: string): Edit =>
      (s) =>
        (s.database.maintenanceSchedule = cron);
    it("minute 59 and hour 23 are accepted; minute 60 and hour 24 refused", () => {
      accepts(schedule("59 23 * * *"));
      rejects(
        schedule("60 1 * * *"),
        "platform:database.maintenanceSchedule",
        "minute 60 is out of range; the minute field takes 0-59",
      );
      rejects(
        schedule("0 24 * * *"),
        "platform:database.maintenanceSchedule",
        "hour 24 is out of range; the hour field takes 0-23",
      );
    });
    it("day-of-month 0 (below its 1) is refused", () =>
      rejects(
        schedule("0 1 0 * *"),
        "platform:database.maintenanceSchedule",
        "day of month 0 is out of range; the day of month field takes 1-31",
      ));
  });
  describe("scaling metric: the rate() window holds at least two scrapes", () => {
    const metric =
      (scrapeIntervalSeconds: number, rateWindowSeconds: number): Edit =>
      (s) => {
        s.autoscaling = {
          ...s.autoscaling,
          scalingMetric: { scrapeIntervalSeconds, rateWindowSeconds },
        };
      };

    it("a window of exactly two scrapes is accepted", () => accepts(metric(15, 30)));

    it("a window one second short of two scrapes is refused, naming the window and the fix", () =>
      rejects(
        metric(15, 29),
        "platform:autoscaling.scalingMetric.rateWindowSeconds",
        "29 s holds fewer than two scrapes of 15 s, so rate() would return nothing; use at least 30",
      ));

    it("the shipped defaults (30 s scrape, 60 s window) are accepted when the key is left out", () =>
      accepts((s) => {
        if (s.autoscaling) delete s.autoscaling.scalingMetric;
      }));
  });
});
