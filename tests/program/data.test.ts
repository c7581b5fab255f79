import { expect } from "chai";
import { ofType, one, runStack, SHIPPED } from "../helpers/program";
import type { ProgramRun, RegisteredResource } from "../../scripts/lib/program";

/** What each shipped environment asks of its data tier (Pulumi.<env>.yaml). */
const EXPECTED: Record<
  string,
  {
    replicas: number;
    multiAz: boolean;
    protect: boolean;
    shards?: number;
    replicasPerShard: number;
    broker: string;
    pgbouncer: number;
  }
> = {
  dev: {
    replicas: 0,
    multiAz: false,
    protect: false,
    replicasPerShard: 0,
    broker: "SINGLE_INSTANCE",
    pgbouncer: 1,
  },
  staging: {
    replicas: 0,
    multiAz: true,
    protect: false,
    replicasPerShard: 1,
    broker: "SINGLE_INSTANCE",
    pgbouncer: 2,
  },
  prod: {
    replicas: 2,
    multiAz: true,
    protect: true,
    shards: 3,
    replicasPerShard: 1,
    broker: "CLUSTER_MULTI_AZ",
    pgbouncer: 3,
  },
};

const rds = (r: ProgramRun) => ofType(r, "aws:rds/instance:Instance");
const primaryOf = (r: ProgramRun) => one(r, "aws:rds/instance:Instance", "postgres-primary");
const replicasOf = (r: ProgramRun) =>
  rds(r).filter((i) => i.inputs.replicateSourceDb !== undefined);
const clusterSg = (r: ProgramRun) =>
  one(r, "aws:eks/cluster:Cluster").outputs.vpcConfig.clusterSecurityGroupId;

describe("data tier: AWS services", () => {
  for (const stack of SHIPPED) {
    const want = EXPECTED[stack];
    describe(stack, () => {
      it(`runs a primary with ${want.replicas} read replicas spread over other zones than the primary's first`, async () => {
        const r = await runStack(stack);
        expect(rds(r)).to.have.length(1 + want.replicas);
        const replicas = replicasOf(r);
        expect(replicas).to.have.length(want.replicas);
        for (const rep of replicas)
          expect(rep.inputs.replicateSourceDb).to.equal(primaryOf(r).outputs.identifier);
        expect(new Set(replicas.map((x) => x.inputs.availabilityZone)).size).to.equal(
          replicas.length,
        );
      });

      it(`${want.multiAz ? "runs" : "does not run"} a Multi-AZ primary on autoscaling gp3 storage`, async () => {
        const p = primaryOf(await runStack(stack));
        expect(p.inputs.multiAz).to.equal(want.multiAz);
        expect(p.inputs.storageType).to.equal("gp3");
        expect(p.inputs.maxAllocatedStorage).to.be.greaterThan(p.inputs.allocatedStorage);
        expect(p.inputs.backupRetentionPeriod).to.be.at.least(1);
      });

      it("encrypts every database instance and Performance Insights with the data KMS key", async () => {
        const r = await runStack(stack);
        const key = one(r, "aws:kms/key:Key", "data-key-key");
        for (const i of rds(r)) {
          expect(i.inputs, i.name).to.deep.include({
            storageEncrypted: true,
            kmsKeyId: key.outputs.arn,
            publiclyAccessible: false,
          });
          expect(i.inputs.performanceInsightsKmsKeyId).to.equal(key.outputs.arn);
        }
      });

      it(`${want.protect ? "protects" : "does not protect"} stateful data resources and ${want.protect ? "keeps" : "skips"} a final snapshot`, async () => {
        const r = await runStack(stack);
        const p = primaryOf(r);
        expect(p.protect).to.equal(want.protect);
        expect(p.inputs.deletionProtection).to.equal(want.protect);
        expect(p.inputs.skipFinalSnapshot).to.equal(!want.protect);
        expect(Boolean(p.inputs.finalSnapshotIdentifier)).to.equal(want.protect);
        for (const x of [
          ...replicasOf(r),
          one(r, "aws:kms/key:Key", "data-key-key"),
          one(r, "aws:elasticache/replicationGroup:ReplicationGroup"),
          one(r, "aws:mq/broker:Broker"),
        ]) {
          expect(x.protect, x.name).to.equal(want.protect);
        }
      });

      it("opens the data services only to the cluster's security group, on their own ports", async () => {
        const r = await runStack(stack);
        const allowed: Record<string, number[]> = {
          "postgres-sg": [5432],
          "redis-sg": [6379],
          "rabbitmq-sg": [5671, 443],
        };
        for (const [name, ports] of Object.entries(allowed)) {
          const sg = one(r, "aws:ec2/securityGroup:SecurityGroup", name);
          expect(
            sg.inputs.ingress.map((i: { fromPort: number }) => i.fromPort).sort(),
          ).to.deep.equal([...ports].sort());
          for (const rule of sg.inputs.ingress) {
            expect(rule.cidrBlocks ?? [], name).to.deep.equal([]);
            expect(rule.ipv6CidrBlocks ?? [], name).to.deep.equal([]);
            expect(rule.securityGroups).to.deep.equal([clusterSg(r)]);
            expect(rule.toPort).to.equal(rule.fromPort);
          }
          expect(sg.inputs.egress).to.deep.equal([]);
        }
      });

      it(`shapes Redis as ${want.shards ? `a cluster of ${want.shards} shards` : "one shard"} with ${want.replicasPerShard} replica(s) each, encrypted, evicting allkeys-lru`, async () => {
        const r = await runStack(stack);
        const g = one(r, "aws:elasticache/replicationGroup:ReplicationGroup").inputs;
        expect(g).to.deep.include({
          atRestEncryptionEnabled: true,
          transitEncryptionEnabled: true,
        });
        expect(g.kmsKeyId).to.equal(one(r, "aws:kms/key:Key", "data-key-key").outputs.arn);
        if (want.shards) {
          expect(g).to.deep.include({
            clusterMode: "enabled",
            numNodeGroups: want.shards,
            replicasPerNodeGroup: want.replicasPerShard,
          });
        } else {
          expect(g).to.deep.include({
            clusterMode: "disabled",
            numCacheClusters: 1 + want.replicasPerShard,
          });
        }
        const failover = want.replicasPerShard > 0;
        expect(g).to.deep.include({
          automaticFailoverEnabled: failover || Boolean(want.shards),
          multiAzEnabled: failover,
        });
        const params = one(r, "aws:elasticache/parameterGroup:ParameterGroup").inputs.parameters;
        expect(params).to.deep.include({ name: "maxmemory-policy", value: "allkeys-lru" });
        expect(params).to.deep.include({
          name: "cluster-enabled",
          value: want.shards ? "yes" : "no",
        });
      });

      it(`runs RabbitMQ as a private ${want.broker} broker`, async () => {
        const r = await runStack(stack);
        const b = one(r, "aws:mq/broker:Broker").inputs;
        expect(b).to.deep.include({
          deploymentMode: want.broker,
          engineType: "RabbitMQ",
          publiclyAccessible: false,
        });
        expect(b.subnetIds).to.have.length(want.broker === "CLUSTER_MULTI_AZ" ? 3 : 1);
      });

      it("marks every generated credential secret where it is sent to AWS", async () => {
        const r = await runStack(stack);
        expect(primaryOf(r).secretPaths).to.include("password");
        expect(one(r, "aws:elasticache/replicationGroup:ReplicationGroup").secretPaths).to.include(
          "authToken",
        );
        expect(
          one(r, "aws:mq/broker:Broker").secretPaths.some((p) => p.startsWith("users")),
        ).to.equal(true);
        const versions = ofType(r, "aws:secretsmanager/secretVersion:SecretVersion");
        expect(versions.map((v) => v.name).sort()).to.deep.equal([
          "postgres-app-secret-value",
          "postgres-credentials-value",
        ]);
        for (const v of versions) expect(v.secretPaths, v.name).to.include("secretString");
      });

      it("keeps the workloads' role in its own KMS-encrypted secret, apart from the master credentials", async () => {
        const r = await runStack(stack);
        const app = one(r, "aws:secretsmanager/secret:Secret", "postgres-app-secret");
        const master = one(r, "aws:secretsmanager/secret:Secret", "postgres-credentials");
        expect(app.inputs.kmsKeyId).to.equal(master.inputs.kmsKeyId);
        expect(app.inputs.recoveryWindowInDays).to.equal(stack === "prod" ? 30 : 0);
        const value = JSON.parse(
          one(r, "aws:secretsmanager/secretVersion:SecretVersion", "postgres-app-secret-value")
            .inputs.secretString,
        );
        expect(value).to.deep.include({ username: "app_runtime", dbname: "app", port: 5432 });
        expect(value.host).to.equal(primaryOf(r).outputs.address);
        expect(value.password).to.match(/^MockSecret\w+$/);
        expect(r.outputs.databaseAppCredentialsSecretArn).to.equal(app.outputs.arn);
      });

      it(`${stack === "prod" ? "copies" : "does not copy"} hourly backups to the backup region`, async () => {
        const r = await runStack(stack);
        const plans = ofType(r, "aws:backup/plan:Plan");
        if (stack !== "prod") return void expect(plans).to.have.length(0);
        const rule = one(r, "aws:backup/plan:Plan").inputs.rules[0];
        expect(rule.schedule).to.equal("cron(0 * * * ? *)");
        const dr = one(r, "aws:backup/vault:Vault", "postgres-dr-vault");
        expect(dr.inputs.region).to.equal("us-west-2");
        expect(rule.copyActions[0].destinationVaultArn).to.equal(dr.outputs.arn);
      });

      it("exports writer, reader, Redis and AMQPS endpoints, none of them carrying a credential", async () => {
        const r = await runStack(stack);
        expect(r.outputs.databaseWriterEndpoint).to.equal(primaryOf(r).outputs.address);
        expect(r.outputs.databaseReaderEndpoints).to.deep.equal(
          replicasOf(r).map((x) => x.outputs.address),
        );
        expect(r.outputs.redisEndpoint).to.match(/cache\.amazonaws\.com$/);
        expect(r.outputs.amqpsEndpoint).to.match(/^amqps:\/\/.+:5671$/);
        const plain = Object.entries(r.outputs).filter(([k]) => !r.secretOutputs.includes(k));
        expect(JSON.stringify(plain)).to.not.match(/MockSecret/);
      });
    });
  }
});

/** Paths of every string under `value` that contains a generated (mock) password. */
function passwordPaths(value: unknown, at = ""): string[] {
  if (typeof value === "string") return /MockSecret/.test(value) ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => passwordPaths(v, `${at}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => passwordPaths(v, at ? `${at}.${k}` : k));
  return [];
}
const covered = (res: RegisteredResource, path: string) =>
  res.secretPaths.some((s) => path === s || path.startsWith(`${s}.`) || path.startsWith(`${s}[`));

describe("data tier: credentials", () => {
  for (const stack of SHIPPED) {
    it(`${stack}: no resource input carries a generated password unless it is marked secret`, async () => {
      const r = await runStack(stack);
      let found = 0;
      for (const res of r.resources) {
        for (const path of passwordPaths(res.inputs)) {
          found += 1;
          expect(covered(res, path), `${res.type} ${res.name} ${path} is plaintext`).to.equal(true);
        }
      }
      // Guards the test itself: the passwords really do reach the Kubernetes Secrets.
      expect(found).to.be.greaterThan(5);
    });

    it(`${stack}: every Kubernetes Secret with data has it all marked secret`, async () => {
      const secrets = ofType(await runStack(stack), "kubernetes:core/v1:Secret");
      expect(secrets.length).to.be.greaterThan(0);
      for (const s of secrets) {
        for (const field of ["stringData", "data"]) {
          if (s.inputs[field] !== undefined)
            expect(s.secretPaths, `${s.name}.${field}`).to.include(field);
        }
      }
    });
  }
});
