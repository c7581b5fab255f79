import { expect } from "chai";
import { allowed } from "../../policy/rules/instance-type-allow-list";
import { messages, nodeGroup, resource } from "./resources";

const RDS = "aws:rds/instance:Instance";
const REDIS = "aws:elasticache/replicationGroup:ReplicationGroup";
const MQ = "aws:mq/broker:Broker";
const EKS = "aws:eks/cluster:Cluster";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const EC2 = "aws:ec2/instance:Instance";
const EBS = "aws:ebs/volume:Volume";

/** A resource with Pulumi's `protect` option set. */
const protectedResource = (type: string, name: string, inputs: Record<string, unknown>) => {
  const r = resource(type, name, inputs);
  r.protect = true;
  return r;
};

/**
 * The guardrail rules (encryption, deletion protection, Multi-AZ, failover, IMDSv2, public
 * access, allow-lists, broker mode) on hand-made resources: each setting that satisfies a rule
 * passes, and each way of missing it fails with the exact message, including settings given as
 * strings (as the engine may hand them over) and resources a rule must leave alone. The
 * whole-program suites (guardrails, defence, edge) prove the same rules on what the program
 * registers.
 */
describe("policy pack: guardrails on hand-made resources", () => {
  describe("encryption-at-rest", () => {
    const check = (...rs: ReturnType<typeof resource>[]) => messages("encryption-at-rest", {}, rs);

    it("an RDS primary needs storageEncrypted true (or the string true); a replica inherits its source's", async () => {
      expect(await check(resource(RDS, "db", { storageEncrypted: true }))).to.deep.equal([]);
      expect(await check(resource(RDS, "db", { storageEncrypted: "true" }))).to.deep.equal([]);
      expect(await check(resource(RDS, "db", { storageEncrypted: false }))).to.deep.equal([
        "Instance db: storageEncrypted is not true",
      ]);
      expect(await check(resource(RDS, "db", {}))).to.deep.equal([
        "Instance db: storageEncrypted is not true",
      ]);
      expect(await check(resource(RDS, "replica", { replicateSourceDb: "db" }))).to.deep.equal([]);
    });

    it("an ElastiCache group needs atRestEncryptionEnabled true", async () => {
      expect(
        await check(resource(REDIS, "redis", { atRestEncryptionEnabled: true })),
      ).to.deep.equal([]);
      expect(await check(resource(REDIS, "redis", {}))).to.deep.equal([
        "ReplicationGroup redis: atRestEncryptionEnabled is not true",
      ]);
    });

    it("an EBS volume needs encrypted true", async () => {
      expect(await check(resource(EBS, "vol", { encrypted: true }))).to.deep.equal([]);
      expect(await check(resource(EBS, "vol", { encrypted: false }))).to.deep.equal([
        "Volume vol: encrypted is not true",
      ]);
    });

    it("a launch template's EBS mappings must each be encrypted, named by index and device; non-EBS mappings are not judged", async () => {
      const lt = (mappings: unknown[]) =>
        resource(LAUNCH_TEMPLATE, "nodes", { blockDeviceMappings: mappings });
      const good = { deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 20 } };
      expect(
        await check(lt([good, { deviceName: "/dev/sdb", virtualName: "ephemeral0" }])),
      ).to.deep.equal([]);
      expect(
        await check(lt([good, { deviceName: "/dev/xvdb", ebs: { volumeSize: 100 } }])),
      ).to.deep.equal([
        "LaunchTemplate nodes: blockDeviceMappings[1] (/dev/xvdb) is not encrypted",
      ]);
      expect(await check(resource(LAUNCH_TEMPLATE, "bare", {}))).to.deep.equal([]);
    });

    it("an EKS cluster must envelope-encrypt secrets", async () => {
      expect(
        await check(resource(EKS, "eks", { encryptionConfig: { resources: ["secrets"] } })),
      ).to.deep.equal([]);
      for (const props of [{}, { encryptionConfig: { resources: ["configmaps"] } }])
        expect(await check(resource(EKS, "eks", props))).to.deep.equal([
          "Cluster eks: encryptionConfig does not envelope-encrypt secrets with a KMS key",
        ]);
    });

    it("other resources are not judged", async () => {
      expect(await check(resource(MQ, "mq", { encrypted: false }))).to.deep.equal([]);
    });
  });

  describe("deletion-protection", () => {
    const check = (required: boolean, ...rs: ReturnType<typeof resource>[]) =>
      messages("deletion-protection", { required }, rs);

    it("nothing is required where the environment does not ask (the default)", async () => {
      expect(await messages("deletion-protection", {}, [resource(RDS, "db", {})])).to.deep.equal(
        [],
      );
      expect(await check(false, resource(REDIS, "redis", {}))).to.deep.equal([]);
    });

    it("a protected RDS primary with deletionProtection (true or the string) passes", async () => {
      expect(
        await check(true, protectedResource(RDS, "db", { deletionProtection: true })),
      ).to.deep.equal([]);
      expect(
        await check(true, protectedResource(RDS, "db", { deletionProtection: "true" })),
      ).to.deep.equal([]);
    });

    it("an RDS primary without deletionProtection fails; a replica needs only protect", async () => {
      expect(
        await check(true, protectedResource(RDS, "db", { deletionProtection: false })),
      ).to.deep.equal(["Instance db: deletionProtection is not true"]);
      expect(
        await check(true, protectedResource(RDS, "replica", { replicateSourceDb: "db" })),
      ).to.deep.equal([]);
    });

    it("an EKS cluster needs deletionProtection but not Pulumi protect", async () => {
      expect(await check(true, resource(EKS, "eks", { deletionProtection: true }))).to.deep.equal(
        [],
      );
      expect(await check(true, resource(EKS, "eks", {}))).to.deep.equal([
        "Cluster eks: deletionProtection is not true",
      ]);
    });

    it("databases, caches and brokers without Pulumi protect fail; other resources need none", async () => {
      const unprotected = (what: string) =>
        `${what}: holds data but is not protected (Pulumi protect), so a destroy would delete it`;
      expect(await check(true, resource(RDS, "db", { deletionProtection: true }))).to.deep.equal([
        unprotected("Instance db"),
      ]);
      expect(await check(true, resource(REDIS, "redis", {}))).to.deep.equal([
        unprotected("ReplicationGroup redis"),
      ]);
      expect(await check(true, resource(MQ, "mq", {}))).to.deep.equal([unprotected("Broker mq")]);
      expect(await check(true, protectedResource(MQ, "mq", {}))).to.deep.equal([]);
      expect(await check(true, nodeGroup("nodes", { min: 1, max: 2 }))).to.deep.equal([]);
    });
  });

  describe("rds-multi-az", () => {
    const single =
      "Instance db: the primary is Single-AZ; this environment requires Multi-AZ so losing a zone loses no data";

    it("a Multi-AZ primary passes where required; a Single-AZ one fails", async () => {
      expect(
        await messages("rds-multi-az", { required: true }, [
          resource(RDS, "db", { multiAz: true }),
        ]),
      ).to.deep.equal([]);
      expect(
        await messages("rds-multi-az", { required: true }, [
          resource(RDS, "db", { multiAz: "true" }),
        ]),
      ).to.deep.equal([]);
      expect(
        await messages("rds-multi-az", { required: true }, [
          resource(RDS, "db", { multiAz: false }),
        ]),
      ).to.deep.equal([single]);
      expect(
        await messages("rds-multi-az", { required: true }, [resource(RDS, "db", {})]),
      ).to.deep.equal([single]);
    });

    it("replicas, other resources and environments that do not require it are not judged", async () => {
      expect(
        await messages("rds-multi-az", { required: true }, [
          resource(RDS, "replica", { replicateSourceDb: "db" }),
          resource(REDIS, "redis", {}),
        ]),
      ).to.deep.equal([]);
      expect(await messages("rds-multi-az", {}, [resource(RDS, "db", {})])).to.deep.equal([]);
    });
  });

  describe("elasticache-automatic-failover", () => {
    const check = (
      props: Record<string, unknown>,
      settings: Record<string, unknown> = { required: true },
    ) => messages("elasticache-automatic-failover", settings, [resource(REDIS, "redis", props)]);

    it("failover and Multi-AZ both on (booleans or strings) pass", async () => {
      expect(await check({ automaticFailoverEnabled: true, multiAzEnabled: true })).to.deep.equal(
        [],
      );
      expect(
        await check({ automaticFailoverEnabled: "true", multiAzEnabled: "true" }),
      ).to.deep.equal([]);
    });

    it("each one missing is reported on its own", async () => {
      expect(await check({ automaticFailoverEnabled: false, multiAzEnabled: true })).to.deep.equal([
        "ReplicationGroup redis: automaticFailoverEnabled is not true; a failed primary would not be replaced",
      ]);
      expect(await check({ automaticFailoverEnabled: true })).to.deep.equal([
        "ReplicationGroup redis: multiAzEnabled is not true; replicas may share the primary's zone",
      ]);
    });

    it("nothing is required by default, and other resources are not judged", async () => {
      expect(await check({}, {})).to.deep.equal([]);
      expect(
        await messages("elasticache-automatic-failover", { required: true }, [
          resource(RDS, "db", {}),
        ]),
      ).to.deep.equal([]);
    });
  });

  describe("imdsv2-required", () => {
    const check = (type: string, props: Record<string, unknown>) =>
      messages("imdsv2-required", {}, [resource(type, "nodes", props)]);

    it("launch templates and instances with httpTokens required pass", async () => {
      for (const type of [LAUNCH_TEMPLATE, EC2])
        expect(await check(type, { metadataOptions: { httpTokens: "required" } })).to.deep.equal(
          [],
        );
    });

    it("optional or unset tokens fail, quoting the value", async () => {
      expect(
        await check(LAUNCH_TEMPLATE, { metadataOptions: { httpTokens: "optional" } }),
      ).to.deep.equal([
        'LaunchTemplate nodes: metadataOptions.httpTokens is "optional", not "required" (IMDSv2)',
      ]);
      expect(await check(EC2, {})).to.deep.equal([
        'Instance nodes: metadataOptions.httpTokens is "unset", not "required" (IMDSv2)',
      ]);
    });

    it("other resources are not judged", async () => {
      expect(await check("aws:eks/nodeGroup:NodeGroup", {})).to.deep.equal([]);
    });
  });

  describe("no-public-database", () => {
    const check = (type: string, publiclyAccessible: unknown) =>
      messages("no-public-database", {}, [resource(type, "store", { publiclyAccessible })]);

    it("a publicly accessible RDS instance or broker fails (true or the string)", async () => {
      expect(await check(RDS, true)).to.deep.equal([
        "Instance store: publiclyAccessible is true; data stores must be reachable only from inside the VPC",
      ]);
      expect(await check(MQ, "true")).to.deep.equal([
        "Broker store: publiclyAccessible is true; data stores must be reachable only from inside the VPC",
      ]);
    });

    it("private ones pass, and other resources are not judged", async () => {
      expect(await check(RDS, false)).to.deep.equal([]);
      expect(await check(MQ, undefined)).to.deep.equal([]);
      expect(await check(REDIS, true)).to.deep.equal([]);
    });
  });

  describe("no-public-load-balancer-service", () => {
    const SCHEME = "service.beta.kubernetes.io/aws-load-balancer-scheme";
    const service = (spec: Record<string, unknown>, annotations?: Record<string, string>) =>
      messages("no-public-load-balancer-service", {}, [
        resource("kubernetes:core/v1:Service", "svc", {
          metadata: { name: "svc", namespace: "apps", ...(annotations ? { annotations } : {}) },
          spec,
        }),
      ]);

    it("an internal LoadBalancer of the controller's class passes; ClusterIP Services are not judged", async () => {
      expect(
        await service(
          { type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb" },
          { [SCHEME]: "internal" },
        ),
      ).to.deep.equal([]);
      expect(await service({ type: "ClusterIP" })).to.deep.equal([]);
    });

    it("a LoadBalancer outside the controller fails", async () => {
      expect(await service({ type: "LoadBalancer" }, { [SCHEME]: "internal" })).to.deep.equal([
        "Service apps/svc: type LoadBalancer outside the load balancer controller (loadBalancerClass is not service.k8s.aws/nlb); expose services through platform:edge instead",
      ]);
    });

    it("the controller's LoadBalancer that is internet-facing or unset fails, naming the scheme", async () => {
      const nlb = { type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb" };
      expect(await service(nlb, { [SCHEME]: "internet-facing" })).to.deep.equal([
        `Service apps/svc: a LoadBalancer Service that is not internal (${SCHEME}: internet-facing) bypasses TLS, WAF and the rate limit; expose services through platform:edge`,
      ]);
      expect(await service(nlb)).to.deep.equal([
        `Service apps/svc: a LoadBalancer Service that is not internal (${SCHEME}: unset) bypasses TLS, WAF and the rate limit; expose services through platform:edge`,
      ]);
    });

    it("only Services are judged", async () => {
      expect(
        await messages("no-public-load-balancer-service", {}, [
          resource("kubernetes:apps/v1:Deployment", "d", { spec: { type: "LoadBalancer" } }),
        ]),
      ).to.deep.equal([]);
    });
  });

  describe("instance-type-allow-list", () => {
    it("a pattern matches exactly, or as a family when it ends in *", () => {
      expect(allowed("m5.large", ["m5.*"])).to.equal(true);
      expect(allowed("m5a.large", ["m5.*"])).to.equal(false);
      expect(allowed("t3.micro", ["t3.micro"])).to.equal(true);
      expect(allowed("t3.small", ["t3.micro"])).to.equal(false);
      // An exact pattern is not a prefix: only the whole type matches it.
      expect(allowed("m5.larg", ["m5.large"])).to.equal(false);
      expect(allowed("t3.micro", ["m5.*", "t3.micro"])).to.equal(true);
      expect(allowed("m5.large", [])).to.equal(false);
    });

    const list = {
      ec2: ["m5.*"],
      rds: ["db.r6g.large"],
      elasticache: ["cache.r7g.*"],
      mq: ["mq.m5.*"],
    };

    it("each priced kind is checked against its own list, naming the path and the list", async () => {
      const vs = await messages("instance-type-allow-list", list, [
        nodeGroup("nodes", { min: 1, max: 2, instanceTypes: ["m5.large", "x2.huge", "c5.large"] }),
        resource(LAUNCH_TEMPLATE, "lt", { instanceType: "t3.large" }),
        resource(EC2, "bastion", { instanceType: "t3.nano" }),
        resource(RDS, "db", { instanceClass: "db.r6g.xlarge" }),
        resource(REDIS, "redis", { nodeType: "cache.m6g.large" }),
        resource(MQ, "mq", { hostInstanceType: "mq.t3.micro" }),
      ]);
      expect(vs).to.deep.equal([
        "NodeGroup nodes: instanceTypes x2.huge, c5.large not on this environment's ec2 allow-list (m5.*)",
        "LaunchTemplate lt: instanceType t3.large not on this environment's ec2 allow-list (m5.*)",
        "Instance bastion: instanceType t3.nano not on this environment's ec2 allow-list (m5.*)",
        "Instance db: instanceClass db.r6g.xlarge not on this environment's rds allow-list (db.r6g.large)",
        "ReplicationGroup redis: nodeType cache.m6g.large not on this environment's elasticache allow-list (cache.r7g.*)",
        "Broker mq: hostInstanceType mq.t3.micro not on this environment's mq allow-list (mq.m5.*)",
      ]);
    });

    it("types on the lists pass; an unset type and unlisted resource kinds are not judged", async () => {
      expect(
        await messages("instance-type-allow-list", list, [
          nodeGroup("nodes", { min: 1, max: 2, instanceTypes: ["m5.large", "m5.xlarge"] }),
          resource(LAUNCH_TEMPLATE, "lt", {}),
          resource(RDS, "db", { instanceClass: "db.r6g.large" }),
          resource(REDIS, "redis", { nodeType: "cache.r7g.large" }),
          resource(MQ, "mq", { hostInstanceType: "mq.m5.large" }),
          resource(EBS, "vol", { instanceType: "x9.huge" }),
        ]),
      ).to.deep.equal([]);
    });

    it("the default lists allow the shipped families and refuse others", async () => {
      expect(
        await messages("instance-type-allow-list", {}, [
          nodeGroup("nodes", { min: 1, max: 2, instanceTypes: ["m6i.large", "t3.medium"] }),
          resource(RDS, "db", { instanceClass: "db.t4g.micro" }),
          resource(MQ, "mq", { hostInstanceType: "mq.t3.micro" }),
        ]),
      ).to.deep.equal([]);
      expect(
        await messages("instance-type-allow-list", {}, [
          nodeGroup("nodes", { min: 1, max: 2, instanceTypes: ["p4d.24xlarge"] }),
        ]),
      ).to.have.length(1);
    });

    it("the message lists every allowed pattern", async () => {
      expect(
        await messages("instance-type-allow-list", { ec2: ["m5.*", "m6i.*"] }, [
          nodeGroup("nodes", { min: 1, max: 2, instanceTypes: ["c5.large"] }),
        ]),
      ).to.deep.equal([
        "NodeGroup nodes: instanceTypes c5.large not on this environment's ec2 allow-list (m5.*, m6i.*)",
      ]);
    });
  });

  describe("mq-deployment-mode", () => {
    const check = (props: Record<string, unknown>, settings: Record<string, unknown>) =>
      messages("mq-deployment-mode", settings, [resource(MQ, "mq", props)]);
    const prod = { allowedModes: ["CLUSTER_MULTI_AZ"] };

    it("prod's cluster mode passes; a single instance fails, naming what is allowed", async () => {
      expect(await check({ deploymentMode: "CLUSTER_MULTI_AZ" }, prod)).to.deep.equal([]);
      expect(await check({ deploymentMode: "SINGLE_INSTANCE" }, prod)).to.deep.equal([
        "Broker mq: deploymentMode SINGLE_INSTANCE is not allowed here; allowed: CLUSTER_MULTI_AZ",
      ]);
    });

    it("an unset mode is Amazon MQ's SINGLE_INSTANCE", async () => {
      expect(await check({}, prod)).to.deep.equal([
        "Broker mq: deploymentMode SINGLE_INSTANCE is not allowed here; allowed: CLUSTER_MULTI_AZ",
      ]);
      expect(await check({}, { allowedModes: ["SINGLE_INSTANCE"] })).to.deep.equal([]);
    });

    it("by default both modes are allowed, and other resources are not judged", async () => {
      expect(await check({ deploymentMode: "SINGLE_INSTANCE" }, {})).to.deep.equal([]);
      expect(await check({ deploymentMode: "CLUSTER_MULTI_AZ" }, {})).to.deep.equal([]);
      // ActiveMQ's mode is neither.
      expect(await check({ deploymentMode: "ACTIVE_STANDBY_MULTI_AZ" }, {})).to.deep.equal([
        "Broker mq: deploymentMode ACTIVE_STANDBY_MULTI_AZ is not allowed here; allowed: SINGLE_INSTANCE, CLUSTER_MULTI_AZ",
      ]);
      expect(await messages("mq-deployment-mode", prod, [resource(RDS, "db", {})])).to.deep.equal(
        [],
      );
    });
  });
});
