import { at, bool, label, T } from "../lib/read";
import { Rule, schema } from "../lib/types";

export const encryptionAtRest: Rule = {
  name: "encryption-at-rest",
  description:
    "Checks whether storage is encrypted at rest everywhere it applies: RDS storage, ElastiCache, node and EBS volumes, and Kubernetes secrets in EKS.",
  configSchema: schema({}),
  validateResource: (args, report) => {
    const what = label(args);
    switch (args.type) {
      case T.rds:
        if (
          bool(args.props, "storageEncrypted") !== true &&
          at(args.props, "replicateSourceDb") === undefined
        )
          report(`${what}: storageEncrypted is not true`);
        break;
      case T.redis:
        if (bool(args.props, "atRestEncryptionEnabled") !== true)
          report(`${what}: atRestEncryptionEnabled is not true`);
        break;
      case T.ebsVolume:
        if (bool(args.props, "encrypted") !== true) report(`${what}: encrypted is not true`);
        break;
      case T.launchTemplate: {
        const mappings =
          (at(args.props, "blockDeviceMappings") as Array<Record<string, unknown>> | undefined) ??
          [];
        mappings.forEach((m, i) => {
          if (m.ebs !== undefined && bool(m, "ebs.encrypted") !== true)
            report(`${what}: blockDeviceMappings[${i}] (${m.deviceName}) is not encrypted`);
        });
        break;
      }
      case T.eksCluster: {
        const resources =
          (at(args.props, "encryptionConfig.resources") as string[] | undefined) ?? [];
        if (!resources.includes("secrets"))
          report(`${what}: encryptionConfig does not envelope-encrypt secrets with a KMS key`);
        break;
      }
    }
  },
};
