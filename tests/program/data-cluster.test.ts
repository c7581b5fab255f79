import { expect } from "chai";
import { DATA_SECRET_KEYS, DATA_SECRET_NAME } from "../../components/shared/handoff";
import { readStackConfig, settingsFromConfigMap, stackFilePath } from "../../stacks/load";
import { PROJECT_ROOT } from "../../scripts/lib/program";
import type { ProgramRun, RegisteredResource } from "../../scripts/lib/program";
import { ofType, one, runStack, SHIPPED } from "../helpers/program";

const PGBOUNCER_PODS: Record<string, number> = { dev: 1, staging: 2, prod: 3 };
const namespacesOf = (stack: string) =>
  settingsFromConfigMap(readStackConfig(stackFilePath(stack, PROJECT_ROOT))).namespaces as string[];
const k8s = (r: ProgramRun, kind: string) => ofType(r, `kubernetes:${kind}`);
const named = (r: ProgramRun, kind: string, name: string) => one(r, `kubernetes:${kind}`, name);
const container = (pod: { containers: { name: string }[] }, name: string) =>
  pod.containers.find((c) => c.name === name) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const iniOf = (r: ProgramRun) =>
  named(r, "core/v1:Secret", "pgbouncer-config").inputs.stringData["pgbouncer.ini"] as string;

describe("data tier: in the cluster", () => {
  for (const stack of SHIPPED) {
    describe(stack, () => {
      it("creates every application namespace of platform:namespaces and the data namespace", async () => {
        const r = await runStack(stack);
        const names = k8s(r, "core/v1:Namespace").map((n) => n.inputs.metadata.name);
        expect(names).to.include.members([...namespacesOf(stack), "data"]);
      });

      it(`runs ${PGBOUNCER_PODS[stack]} PgBouncer pod(s) spread over zones with maxSkew 1, under a disruption budget`, async () => {
        const r = await runStack(stack);
        const d = named(r, "apps/v1:Deployment", "pgbouncer-deployment").inputs;
        expect(d.metadata.namespace).to.equal("data");
        expect(d.spec.replicas).to.equal(PGBOUNCER_PODS[stack]);
        expect(d.spec.template.spec.topologySpreadConstraints).to.deep.include({
          maxSkew: 1,
          topologyKey: "topology.kubernetes.io/zone",
          whenUnsatisfiable: "DoNotSchedule",
          labelSelector: { matchLabels: d.spec.selector.matchLabels },
        });
        const pdb = named(r, "policy/v1:PodDisruptionBudget", "pgbouncer-pdb").inputs.spec;
        expect(pdb.selector.matchLabels).to.deep.equal(d.spec.selector.matchLabels);
        expect(pdb.maxUnavailable).to.equal(1);
      });

      it("exposes a writer and a reader Service and a metrics port for Prometheus", async () => {
        const r = await runStack(stack);
        const d = named(r, "apps/v1:Deployment", "pgbouncer-deployment").inputs;
        for (const pool of ["writer", "reader"]) {
          const svc = named(r, "core/v1:Service", `pgbouncer-${pool}`).inputs;
          expect(svc.spec.selector).to.deep.equal(d.spec.selector.matchLabels);
          expect(svc.spec.ports[0]).to.deep.include({ port: 6432, targetPort: "postgres" });
        }
        const exporter = container(d.spec.template.spec, "exporter");
        expect(exporter.ports).to.deep.equal([{ name: "metrics", containerPort: 9127 }]);
        expect(exporter.env[0].valueFrom.secretKeyRef.name).to.equal(
          named(r, "core/v1:Secret", "pgbouncer-config").outputs.metadata.name,
        );
        expect(
          named(r, "core/v1:Service", "pgbouncer-metrics").inputs.spec.ports[0],
        ).to.deep.include({ name: "metrics", port: 9127 });
      });

      it("configures PgBouncer with the seed pool settings, the primary as writer and the replicas as readers", async () => {
        const r = await runStack(stack);
        const ini = iniOf(r);
        for (const line of [
          "pool_mode = transaction",
          "max_client_conn = 10000",
          "default_pool_size = 25",
          "reserve_pool_size = 10",
          "reserve_pool_timeout = 3",
          "server_idle_timeout = 600",
          "server_lifetime = 3600",
        ]) {
          expect(ini).to.include(line);
        }
        const rds = ofType(r, "aws:rds/instance:Instance");
        const primary = rds.find((i) => i.name === "postgres-primary")!.outputs.address;
        const replicas = rds
          .filter((i) => i.inputs.replicateSourceDb !== undefined)
          .map((i) => i.outputs.address);
        expect(ini).to.include(`app = host=${primary} port=5432 dbname=app`);
        expect(ini).to.include(
          `app_ro = host=${(replicas.length > 0 ? replicas : [primary]).join(",")} port=5432 dbname=app`,
        );
        expect(
          named(r, "core/v1:Secret", "pgbouncer-config").inputs.stringData["userlist.txt"],
        ).to.match(/^"app_runtime" "MockSecret/);
      });

      it("hands every application namespace the data Secret with writer and reader DSNs through PgBouncer, Redis and AMQP URLs", async () => {
        const r = await runStack(stack);
        const handoff = k8s(r, "core/v1:Secret").filter(
          (s) => s.inputs.metadata.name === DATA_SECRET_NAME,
        );
        expect(handoff.map((s) => s.inputs.metadata.namespace).sort()).to.deep.equal(
          [...namespacesOf(stack)].sort(),
        );
        for (const s of handoff) {
          const data = s.inputs.stringData;
          expect(Object.keys(data).sort()).to.deep.equal(Object.values(DATA_SECRET_KEYS).sort());
          expect(data.DATABASE_URL).to.match(
            /^postgresql:\/\/app_runtime:MockSecret\w+@pgbouncer-writer\.data\.svc\.cluster\.local:6432\/app\?sslmode=require$/,
          );
          expect(data.DATABASE_READ_URL).to.match(
            /@pgbouncer-reader\.data\.svc\.cluster\.local:6432\/app_ro\?sslmode=require$/,
          );
          expect(data.REDIS_URL).to.match(
            /^rediss:\/\/:MockSecret\w+@[a-z.-]+\.cache\.amazonaws\.com:6379$/,
          );
          expect(data.AMQP_URL).to.match(
            /^amqps:\/\/platform:MockSecret\w+@b-[a-z0-9-]+\.mq\.[a-z0-9-]+\.on\.aws:5671$/,
          );
        }
      });

      it("runs the partition migration at deploy and the maintenance daily with the writer credentials from a Secret", async () => {
        const r = await runStack(stack);
        const job = named(r, "batch/v1:Job", "partitions-migration").inputs.spec.template.spec;
        const cron = named(r, "batch/v1:CronJob", "partitions-maintenance").inputs.spec;
        expect(cron.schedule).to.equal("15 1 * * *");
        expect(cron.concurrencyPolicy).to.equal("Forbid");
        const creds = named(r, "core/v1:Secret", "partitions-credentials");
        expect(creds.inputs.stringData).to.deep.include({
          PGUSER: "platform_admin",
          PGDATABASE: "app",
          PGSSLMODE: "require",
        });
        expect(creds.inputs.stringData.PGHOST).to.match(/\.rds\.amazonaws\.com$/);
        const sql = named(r, "core/v1:ConfigMap", "partitions-sql").inputs.data;
        for (const [pod, scripts] of [
          [job, ["/sql/migration.sql", "/roles/app-role.sql", "/roles/monitor-role.sql"]],
          [cron.jobTemplate.spec.template.spec, ["/sql/maintenance.sql"]],
        ] as const) {
          const psql = container(pod, "psql");
          expect(psql.envFrom).to.deep.equal([
            { secretRef: { name: creds.outputs.metadata.name } },
          ]);
          expect(psql.command).to.deep.equal([
            "psql",
            "-v",
            "ON_ERROR_STOP=1",
            "-X",
            ...scripts.flatMap((f) => ["-f", f]),
          ]);
          expect(psql.env, "no credential in the pod spec").to.equal(undefined);
        }
        expect(sql["migration.sql"]).to.include('PARTITION BY RANGE ("occurred_at")');
        // The role's SQL (with its verifier) is mounted from a Secret, and only into the migration.
        const role = named(r, "core/v1:Secret", "partitions-app-role");
        expect(role.secretPaths).to.include("stringData");
        expect(job.volumes).to.deep.include({
          name: "role",
          secret: { secretName: role.outputs.metadata.name, defaultMode: 0o440 },
        });
        expect(JSON.stringify(cron.jobTemplate.spec.template.spec)).to.not.include("role");
        expect(sql["maintenance.sql"]).to.include(`'"public"."audit_log"'::regclass`);
      });

      it("declares the queues workers consume as quorum queues before workloads start", async () => {
        const r = await runStack(stack);
        const script: string = named(r, "core/v1:ConfigMap", "queue-setup-script").inputs.data[
          "declare.sh"
        ];
        expect(script).to.include("/api/queues/%2F/agent-tasks");
        expect(script).to.include('"x-queue-type":"quorum"');
        const creds = named(r, "core/v1:Secret", "queue-setup-credentials");
        expect(creds.secretPaths).to.include("stringData");
        expect(creds.inputs.stringData.MANAGEMENT_URL).to.match(
          /^https:\/\/b-[a-z0-9-]+\.mq\.[a-z0-9-]+\.on\.aws$/,
        );
        const job = named(r, "batch/v1:Job", "queue-setup-job");
        expect(job.inputs.spec.template.spec.containers[0].envFrom).to.deep.equal([
          { secretRef: { name: creds.outputs.metadata.name } },
        ]);
        // Workers wait for it: the workload area passes data.ready as dependsOn.
        const workers = ofType(r, "platform:workloads:QueueWorker");
        expect(workers.length).to.be.greaterThan(0);
        for (const w of workers) expect(w.dependencies, w.name).to.include(job.urn);
      });

      it("keeps the data tier's Kubernetes objects on the cluster's provider", async () => {
        const r = await runStack(stack);
        const provider = one(r, "pulumi:providers:kubernetes").urn;
        const mine = r.resources.filter(
          (x: RegisteredResource) =>
            x.type.startsWith("kubernetes:") &&
            /^(pgbouncer|partitions|data-handoff|queue-setup|namespace)-/.test(x.name),
        );
        expect(mine.length).to.be.greaterThan(8);
        for (const x of mine)
          expect(x.provider, x.name).to.match(new RegExp(`^${provider.replace(/[$]/g, "\\$")}::`));
      });
    });
  }
});
