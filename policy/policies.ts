/**
 * Every rule of the pack, in report order. Explicit on purpose: a rule exists when it is listed
 * here, never because a file was imported. Tests and the offline plan import this list; `index.ts`
 * builds the pack from it.
 */
import { budgetCoversBaseline } from "./rules/budget-covers-baseline";
import { declaredLoadFitsShape } from "./rules/declared-load-fits-shape";
import { deletionProtection } from "./rules/deletion-protection";
import { deploymentReplicaBounds } from "./rules/deployment-replica-bounds";
import { elasticacheAutomaticFailover } from "./rules/elasticache-automatic-failover";
import { elasticacheShardBounds } from "./rules/elasticache-shard-bounds";
import { encryptionAtRest } from "./rules/encryption-at-rest";
import { hpaFitsNodeCapacity } from "./rules/hpa-fits-node-capacity";
import { hpaReplicaBounds } from "./rules/hpa-replica-bounds";
import { imdsv2Required } from "./rules/imdsv2-required";
import { instanceTypeAllowList } from "./rules/instance-type-allow-list";
import { kedaReplicaBounds } from "./rules/keda-replica-bounds";
import { maxCostWithinBudget } from "./rules/max-cost-within-budget";
import { minSpotShare } from "./rules/min-spot-share";
import { minZones } from "./rules/min-zones";
import { namespaceDefaultDeny } from "./rules/namespace-default-deny";
import { mqDeploymentMode } from "./rules/mq-deployment-mode";
import { noPlaintextDataDsn } from "./rules/no-plaintext-data-dsn";
import { noPlaintextK8sSecrets } from "./rules/no-plaintext-k8s-secrets";
import { noPublicDatabase } from "./rules/no-public-database";
import { noPublicLoadBalancerService } from "./rules/no-public-load-balancer-service";
import { nodeGroupSizeBounds } from "./rules/node-group-size-bounds";
import { pdbAllowsDisruption } from "./rules/pdb-allows-disruption";
import { publicEndpointProtected } from "./rules/public-endpoint-protected";
import { rdsMultiAz } from "./rules/rds-multi-az";
import { rdsReadReplicaBounds } from "./rules/rds-read-replica-bounds";
import { zoneSpread } from "./rules/zone-spread";
import { Rule, withDefaults } from "./lib/types";

/** The pack's name, as `--policy-pack` reports it. */
export const PACK_NAME = "platform-governance";

/** Every rule, with its schema's defaults applied to the configuration it reads. */
export const policies: Rule[] = [
  // Replica bounds per environment.
  deploymentReplicaBounds,
  hpaReplicaBounds,
  kedaReplicaBounds,
  nodeGroupSizeBounds,
  rdsReadReplicaBounds,
  elasticacheShardBounds,
  mqDeploymentMode,
  // Cross-resource capacity and availability.
  declaredLoadFitsShape,
  hpaFitsNodeCapacity,
  pdbAllowsDisruption,
  zoneSpread,
  // Budget and cost.
  maxCostWithinBudget,
  budgetCoversBaseline,
  minSpotShare,
  instanceTypeAllowList,
  // Availability and security guardrails.
  rdsMultiAz,
  elasticacheAutomaticFailover,
  minZones,
  encryptionAtRest,
  noPublicDatabase,
  publicEndpointProtected,
  noPublicLoadBalancerService,
  imdsv2Required,
  deletionProtection,
  noPlaintextK8sSecrets,
  // Defence in depth inside the cluster.
  namespaceDefaultDeny,
  noPlaintextDataDsn,
].map(withDefaults);
