// Where workload pods land and how they spread: components/workloads/placement.ts called directly,
// with hand-written expectations (label, taint and topology keys spelled out).
import { expect } from "chai";
import {
  type PlacementSpec,
  type WorkloadPod,
  podPlacement,
  topologySpread,
  workloadDeployment,
  workloadLabels,
} from "../../../components/workloads/placement";

const PROD_ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const SPOT_TOLERATION = {
  key: "platform.io/capacity",
  operator: "Equal",
  value: "spot",
  effect: "NoSchedule",
};

const spec = (over: Partial<PlacementSpec>): PlacementSpec => ({
  role: "application",
  capacity: "on-demand",
  taints: [],
  zones: PROD_ZONES,
  ...over,
});

describe("workload placement (components/workloads/placement.ts)", () => {
  describe("node affinity", () => {
    it("prod pods require their role's nodes in the environment's three zones and prefer their capacity type", () => {
      expect(podPlacement(spec({ capacity: "spot" })).affinity).to.deep.equal({
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: "platform.io/role", operator: "In", values: ["application"] },
                  { key: "topology.kubernetes.io/zone", operator: "In", values: PROD_ZONES },
                ],
              },
            ],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              preference: {
                matchExpressions: [
                  { key: "platform.io/capacity", operator: "In", values: ["spot"] },
                ],
              },
            },
          ],
        },
      });
    });

    it("a dev pod planned on baseline reserved capacity in one zone requires exactly that", () => {
      const { affinity } = podPlacement(
        spec({ role: "baseline", capacity: "reserved", zones: ["eu-west-1a"] }),
      );
      const na = affinity.nodeAffinity as {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: { matchExpressions: { values: string[] }[] }[];
        };
        preferredDuringSchedulingIgnoredDuringExecution: {
          preference: { matchExpressions: { values: string[] }[] };
        }[];
      };
      const required =
        na.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions;
      expect(required.map((e) => e.values)).to.deep.equal([["baseline"], ["eu-west-1a"]]);
      expect(
        na.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values,
      ).to.deep.equal(["reserved"]);
    });
  });

  describe("tolerations", () => {
    it("on-demand pods tolerate only their node group's own taints", () => {
      expect(podPlacement(spec({})).tolerations).to.deep.equal([]);
      expect(
        podPlacement(
          spec({ taints: [{ key: "dedicated", value: "agents", effect: "NoSchedule" }] }),
        ).tolerations,
      ).to.deep.equal([
        { key: "dedicated", operator: "Equal", value: "agents", effect: "NoSchedule" },
      ]);
    });

    it("spot pods tolerate the spot taint after their group's taints", () => {
      expect(
        podPlacement(
          spec({
            capacity: "spot",
            taints: [{ key: "dedicated", value: "agents", effect: "NoExecute" }],
          }),
        ).tolerations,
      ).to.deep.equal([
        { key: "dedicated", operator: "Equal", value: "agents", effect: "NoExecute" },
        SPOT_TOLERATION,
      ]);
    });

    it("a taint the spot group already lists is tolerated once, not twice", () => {
      expect(
        podPlacement(
          spec({
            capacity: "spot",
            taints: [{ key: "platform.io/capacity", value: "spot", effect: "NoSchedule" }],
          }),
        ).tolerations,
      ).to.deep.equal([SPOT_TOLERATION]);
    });

    it("taints differing only in value or effect are each tolerated", () => {
      const taints = [
        { key: "dedicated", value: "agents", effect: "NoSchedule" as const },
        { key: "dedicated", value: "agents", effect: "NoExecute" as const },
        { key: "dedicated", value: "batch", effect: "NoSchedule" as const },
        { key: "dedicated", value: "agents", effect: "NoSchedule" as const },
      ];
      expect(podPlacement(spec({ taints })).tolerations).to.deep.equal([
        { key: "dedicated", operator: "Equal", value: "agents", effect: "NoSchedule" },
        { key: "dedicated", operator: "Equal", value: "agents", effect: "NoExecute" },
        { key: "dedicated", operator: "Equal", value: "batch", effect: "NoSchedule" },
      ]);
    });
  });

  describe("topology spread", () => {
    const selector = { "app.kubernetes.io/name": "api" };
    const constraint = (topologyKey: string, whenUnsatisfiable: string) => ({
      maxSkew: 1,
      labelSelector: { matchLabels: selector },
      matchLabelKeys: ["pod-template-hash"],
      topologyKey,
      whenUnsatisfiable,
    });

    it("spreads over zones as a hard rule and over nodes as a soft one, per ReplicaSet, skew 1", () => {
      expect(topologySpread(selector)).to.deep.equal([
        constraint("topology.kubernetes.io/zone", "DoNotSchedule"),
        constraint("kubernetes.io/hostname", "ScheduleAnyway"),
      ]);
    });

    it("pods that must never wait (placeholders) spread over zones softly", () => {
      expect(topologySpread(selector, false)).to.deep.equal([
        constraint("topology.kubernetes.io/zone", "ScheduleAnyway"),
        constraint("kubernetes.io/hostname", "ScheduleAnyway"),
      ]);
    });
  });

  it("a workload's pods are labelled with its name, component and the platform as part-of", () => {
    expect(workloadLabels("indexer", "worker")).to.deep.equal({
      "app.kubernetes.io/name": "indexer",
      "app.kubernetes.io/component": "worker",
      "app.kubernetes.io/part-of": "platform",
    });
  });

  it("the shared Deployment: rolling with no pod down, no API token, placed, spread, restricted, scratch /tmp, no replica count", () => {
    const pod: WorkloadPod = {
      name: "api",
      namespace: "apps",
      component: "service",
      placement: spec({ capacity: "spot" }),
      priorityClassName: "platform-service",
      terminationGracePeriodSeconds: 45,
      container: { name: "api", image: "example.org/api:1.2.3", ports: [{ containerPort: 8080 }] },
    };
    const labels = {
      "app.kubernetes.io/name": "api",
      "app.kubernetes.io/component": "service",
      "app.kubernetes.io/part-of": "platform",
    };
    const d = workloadDeployment(pod);
    expect(d.metadata).to.deep.equal({ name: "api", namespace: "apps", labels });
    expect(d.spec).to.not.have.property("replicas");
    expect(d.spec.selector).to.deep.equal({ matchLabels: labels });
    expect(d.spec.strategy).to.deep.equal({
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" },
    });
    expect(d.spec.template.metadata).to.deep.equal({ labels });
    const s = d.spec.template.spec;
    expect(s.automountServiceAccountToken).to.equal(false);
    expect(s.priorityClassName).to.equal("platform-service");
    expect(s.terminationGracePeriodSeconds).to.equal(45);
    expect(s.tolerations).to.deep.equal([SPOT_TOLERATION]);
    expect(s.affinity).to.deep.equal(podPlacement(spec({ capacity: "spot" })).affinity);
    expect(
      s.topologySpreadConstraints.map((c) => [c.topologyKey, c.whenUnsatisfiable]),
    ).to.deep.equal([
      ["topology.kubernetes.io/zone", "DoNotSchedule"],
      ["kubernetes.io/hostname", "ScheduleAnyway"],
    ]);
    expect(s.topologySpreadConstraints[0].labelSelector).to.deep.equal({ matchLabels: labels });
    expect(s.containers).to.deep.equal([
      {
        name: "api",
        image: "example.org/api:1.2.3",
        ports: [{ containerPort: 8080 }],
        securityContext: {
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
          seccompProfile: { type: "RuntimeDefault" },
        },
        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
      },
    ]);
    expect(s.volumes).to.deep.equal([{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }]);
  });
});
