// postgres_exporter as every shipped environment deploys it: one per PostgreSQL instance, its DSN
// only in a Secret, logging in as the monitor role the migration creates with the same password,
// scraped by Prometheus through a ServiceMonitor that names the instance on every series.
import { expect } from "chai";
import {
  MONITOR_ROLE,
  monitorPassword,
  scramSha256Verifier,
} from "../../components/database/roles";
import type { ProgramRun } from "../../scripts/lib/program";
import { loadEnvironment } from "../../stacks/load";
import { ofType, one, runStack, SHIPPED } from "../helpers/program";

const k8s = (r: ProgramRun, kind: string, name: string) => one(r, `kubernetes:${kind}`, name);

describe("postgres_exporter in every shipped environment", () => {
  for (const stack of SHIPPED) {
    describe(stack, () => {
      let r: ProgramRun;
      const env = loadEnvironment(stack);
      const instances = [
        "primary",
        ...Array.from({ length: env.database.readReplicas }, (_, i) => `replica-${i + 1}`),
      ];
      before(async () => {
        r = await runStack(stack);
      });

      it(`runs one exporter per instance (${instances.join(", ")}) with the configured image, requests and limits`, () => {
        const deployments = ofType(r, "kubernetes:apps/v1:Deployment").filter((d) =>
          d.name.startsWith("postgres-exporter-"),
        );
        expect(deployments.map((d) => d.name)).to.deep.equal(
          instances.map((i) => `postgres-exporter-${i}`),
        );
        for (const [k, d] of deployments.entries()) {
          expect(d.inputs.metadata.namespace).to.equal(env.pgbouncer.namespace);
          expect(d.inputs.spec.replicas).to.equal(env.database.exporter.replicas);
          expect(d.inputs.spec.template.metadata.labels["db-instance"]).to.equal(instances[k]);
          const c = d.inputs.spec.template.spec.containers[0];
          expect(c.image).to.equal(env.database.exporter.image);
          expect(c.resources).to.deep.equal({
            requests: { cpu: env.database.exporter.cpu, memory: env.database.exporter.memory },
            limits: { memory: env.database.exporter.memory },
          });
          expect(c.securityContext).to.include({
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
          });
        }
      });

      it("spreads an instance's exporters over zones, and lets a drain take one at a time", () => {
        for (const i of instances) {
          const d = k8s(r, "apps/v1:Deployment", `postgres-exporter-${i}`).inputs.spec;
          const zone = d.template.spec.topologySpreadConstraints.find(
            (c: { topologyKey: string }) => c.topologyKey === "topology.kubernetes.io/zone",
          );
          expect(zone).to.deep.include({ maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" });
          expect(zone.labelSelector.matchLabels).to.deep.equal(d.selector.matchLabels);
          const pdb = k8s(r, "policy/v1:PodDisruptionBudget", `postgres-exporter-${i}-pdb`).inputs
            .spec;
          expect(pdb).to.deep.equal({ maxUnavailable: 1, selector: d.selector });
        }
      });

      it("reads each DSN from a secret Secret: TLS, the monitor role, the instance's own host, and no DSN in any pod spec", () => {
        const secret = k8s(r, "core/v1:Secret", "postgres-exporter-dsn");
        expect(secret.secretPaths).to.include("stringData");
        const dsns = secret.inputs.stringData as Record<string, string>;
        expect(Object.keys(dsns)).to.deep.equal(instances.map((i) => `dsn-${i}`));
        const hosts = Object.values(dsns).map((dsn) => {
          const u = new URL(dsn);
          expect(u.username).to.equal(MONITOR_ROLE);
          expect(u.searchParams.get("sslmode")).to.equal("require");
          expect(u.pathname).to.equal(`/${env.database.databaseName}`);
          return u.hostname;
        });
        expect(new Set(hosts).size, "every instance is read through its own host").to.equal(
          instances.length,
        );
        for (const d of ofType(r, "kubernetes:apps/v1:Deployment").filter((x) =>
          x.name.startsWith("postgres-exporter-"),
        )) {
          const spec = JSON.stringify(d.inputs);
          expect(spec).to.not.include("postgresql://");
          expect(spec).to.not.include(new URL(dsns["dsn-primary"]).password);
          expect(d.inputs.spec.template.spec.containers[0].env).to.deep.equal([
            {
              name: "DATA_SOURCE_NAME",
              valueFrom: {
                secretKeyRef: {
                  name: secret.outputs.metadata.name,
                  key: `dsn-${d.inputs.spec.template.metadata.labels["db-instance"]}`,
                },
              },
            },
          ]);
        }
      });

      it("logs in with the password whose verifier the migration sets on the pg_monitor role", () => {
        const master = k8s(r, "core/v1:Secret", "partitions-credentials").inputs.stringData
          .PGPASSWORD as string;
        const role = k8s(r, "core/v1:Secret", "partitions-app-role");
        const sql = role.inputs.stringData["monitor-role.sql"] as string;
        expect(sql).to.include(`GRANT pg_monitor TO "${MONITOR_ROLE}";`);
        const dsn = k8s(r, "core/v1:Secret", "postgres-exporter-dsn").inputs.stringData[
          "dsn-primary"
        ] as string;
        const password = decodeURIComponent(new URL(dsn).password);
        expect(password).to.equal(monitorPassword(master));
        expect(sql).to.include(
          scramSha256Verifier(password, `${MONITOR_ROLE}@${env.database.databaseName}`),
        );
      });

      it("is scraped by a ServiceMonitor that copies the instance label, and only monitoring may reach it", () => {
        const sm = one(
          r,
          "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
          "monitoring-sm-postgres-exporter",
        );
        const svc = k8s(r, "core/v1:Service", "postgres-exporter-metrics");
        expect(sm.inputs.spec.selector.matchLabels).to.deep.equal(svc.inputs.metadata.labels);
        expect(sm.inputs.spec.namespaceSelector.matchNames).to.deep.equal([
          svc.inputs.metadata.namespace,
        ]);
        expect(sm.inputs.spec.podTargetLabels).to.deep.equal(["db-instance"]);
        expect(sm.inputs.spec.endpoints[0].port).to.equal(svc.inputs.spec.ports[0].name);
        const np = ofType(r, "kubernetes:networking.k8s.io/v1:NetworkPolicy").find(
          (p) => p.inputs.metadata.name === "allow-postgres-exporter-scrapes",
        );
        expect(np, "a NetworkPolicy admits the scrapes").to.not.equal(undefined);
        expect(np!.inputs.spec.ingress).to.deep.equal([
          {
            from: [
              {
                namespaceSelector: {
                  matchExpressions: [
                    {
                      key: "kubernetes.io/metadata.name",
                      operator: "In",
                      values: [env.monitoring!.namespace],
                    },
                  ],
                },
              },
            ],
            ports: [{ protocol: "TCP", port: svc.inputs.spec.ports[0].port }],
          },
        ]);
      });
    });
  }
});
