import { z } from "zod";
import { chart, image, intAtLeast, shortName } from "./common";
import { capacity, cpu, memory } from "./workloads";

/** `platform:planning`: how the planner sizes bounds and how the spike check is run. */
export const planningSchema = z
  .strictObject({
    headroomPercent: intAtLeast(0)
      .max(1000, "must be at most 1000")
      .default(30)
      .describe("Spare capacity above the forecast peak (%)"),
    growthPercentPerYear: intAtLeast(0)
      .max(1000, "must be at most 1000")
      .default(20)
      .describe("Yearly traffic growth (%)"),
    horizonMonths: intAtLeast(1)
      .max(60, "must be at most 60")
      .default(6)
      .describe("Months ahead the bounds must last (seed 3-6)"),
    seasonalPeakFactor: z
      .number()
      .min(1, "must be at least 1")
      .max(100, "must be at most 100")
      .default(3)
      .describe("Seasonal peak multiple (seed 2-3)"),
    spike: z
      .strictObject({
        factor: z
          .number()
          .min(1, "must be at least 1")
          .default(10)
          .describe("Spike multiple of today's peak"),
        rampSeconds: intAtLeast(0).default(60).describe("Ramp duration (s)"),
        deadlineSeconds: intAtLeast(1)
          .default(120)
          .describe("Capacity must cover the load within (s)"),
        nodeProvisioningSeconds: intAtLeast(0)
          .default(120)
          .describe("New node until schedulable (s; seed 90-120)"),
      })
      .prefault({}),
  })
  .prefault({})
  .describe("Capacity planning forecast and the spike check");

/** `platform:headroom`: low-priority pause pods that reserve room for a spike while nodes start. */
export const headroomSchema = z
  .strictObject({
    replicas: intAtLeast(0).default(0).describe("Placeholder pods (default 0)"),
    cpu: cpu.default("1").describe("CPU request per placeholder"),
    memory: memory.default("2Gi").describe("Memory request per placeholder"),
    capacity: capacity.default("spot").describe("Capacity type the placeholders sit on"),
    nodeGroup: z
      .string()
      .optional()
      .describe("Node group (default: the first non-system group with the capacity type)"),
    namespace: shortName.default("platform-headroom").describe("Namespace of the placeholders"),
    image: image.default("registry.k8s.io/pause:3.10.2").describe("Placeholder image"),
  })
  .prefault({})
  .describe("Spare headroom placeholder pods");

/** `platform:autoscaling`: the in-cluster autoscaling add-ons and where their metrics come from. */
export const autoscalingSchema = z
  .strictObject({
    /** Prometheus the adapter queries. Default: kube-prometheus-stack's service in `monitoring`. */
    prometheusUrl: z
      .string()
      .url("must be a URL")
      .default("http://kube-prometheus-stack-prometheus.monitoring.svc:9090"),
    /** Counter the services expose per request; the adapter serves its rate as `http_requests_per_second`. */
    requestsCounter: z
      .string()
      .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "must be a Prometheus metric name")
      .default("http_requests_total"),
    /**
     * How the request rate reaches the HPA: the services' ServiceMonitor scrapes the counter every
     * `scrapeIntervalSeconds`, the adapter takes its `rate()` over `rateWindowSeconds`. Their sum
     * with half the window is the metric lag the spike simulator uses. Default: the monitoring
     * stack's 30 s scrape and a 60 s window.
     */
    scalingMetric: z
      .strictObject({
        scrapeIntervalSeconds: intAtLeast(1)
          .max(300, "must be at most 300")
          .default(30)
          .describe("Scrape interval of the services' request counter (s)"),
        rateWindowSeconds: intAtLeast(1)
          .max(3600, "must be at most 3600")
          .default(60)
          .describe("Window of the adapter's rate() (s; at least 2 scrapes)"),
      })
      .prefault({})
      .superRefine((m, ctx) => {
        if (m.rateWindowSeconds < 2 * m.scrapeIntervalSeconds)
          ctx.addIssue({
            code: "custom",
            path: ["rateWindowSeconds"],
            message: `${m.rateWindowSeconds} s holds fewer than two scrapes of ${m.scrapeIntervalSeconds} s, so rate() would return nothing; use at least ${2 * m.scrapeIntervalSeconds}`,
          });
      })
      .describe("Scrape interval and rate window of the request-rate scaling metric"),
    charts: z
      .strictObject({
        keda: chart.default({
          repository: "https://kedacore.github.io/charts",
          name: "keda",
          version: "2.21.1",
        }),
        metricsServer: chart.default({
          repository: "https://kubernetes-sigs.github.io/metrics-server",
          name: "metrics-server",
          version: "3.13.1",
        }),
        prometheusAdapter: chart.default({
          repository: "https://prometheus-community.github.io/helm-charts",
          name: "prometheus-adapter",
          version: "5.3.0",
        }),
      })
      .prefault({}),
  })
  .prefault({})
  .describe("KEDA, metrics-server and prometheus-adapter");
