import { expect } from "chai";
import {
  PGBOUNCER_LABELS,
  pgbouncerPdbSpec,
  pgbouncerPodSpec,
  pgbouncerServiceSpec,
} from "../../../components/database/pgbouncer/manifests";

const pod = pgbouncerPodSpec({
  image: "pgb:1",
  exporterImage: "exp:1",
  listenPort: 6432,
  configSecretName: "cfg-abc",
  tlsSecretName: "pgbouncer-tls",
  cpu: "250m",
  memory: "256Mi",
});

describe("pgbouncer manifests", () => {
  it("refuses to stack pods in one zone (maxSkew 1, DoNotSchedule) and spreads them over nodes when it can", () => {
    const [zone, host] = pod.topologySpreadConstraints;
    expect(zone).to.deep.include({
      maxSkew: 1,
      topologyKey: "topology.kubernetes.io/zone",
      whenUnsatisfiable: "DoNotSchedule",
    });
    expect(host).to.deep.include({
      topologyKey: "kubernetes.io/hostname",
      whenUnsatisfiable: "ScheduleAnyway",
    });
    expect(zone.labelSelector.matchLabels).to.deep.equal(PGBOUNCER_LABELS);
  });

  it("prefers baseline nodes and tolerates no spot taint", () => {
    expect(JSON.stringify(pod.affinity)).to.include('"values":["baseline"]');
    expect(pod).to.not.have.property("tolerations");
  });

  it("gives the exporter its connection string from the Secret, never inline", () => {
    const exporter = pod.containers.find((c) => c.name === "exporter")!;
    expect(exporter.env).to.deep.equal([
      {
        name: "PGBOUNCER_EXPORTER_CONNECTION_STRING",
        valueFrom: { secretKeyRef: { name: "cfg-abc", key: "exporter-dsn" } },
      },
    ]);
  });

  it("runs both containers non-root on a read-only root filesystem", () => {
    for (const c of pod.containers)
      expect(c.securityContext).to.deep.include({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
      });
  });

  it("lets a single-replica pooler drain (a budget of one unavailable pod, not zero)", () => {
    expect(pgbouncerPdbSpec()).to.deep.equal({
      maxUnavailable: 1,
      selector: { matchLabels: { ...PGBOUNCER_LABELS } },
    });
    expect(pgbouncerServiceSpec(6432).ports).to.deep.equal([
      { name: "postgres", port: 6432, targetPort: "postgres" },
    ]);
  });
});
