export * from "./bom";
export * from "./price";
export * from "./estimate";
export * from "./budget";
export type { ResourceLike } from "./props";
export {
  CAPACITY_LABEL,
  CAPACITY_RESERVATION,
  EKS_CLUSTER,
  EKS_NODE_GROUP,
  LAUNCH_TEMPLATE,
  NAT_GATEWAY,
  nodeGroupCapacity,
} from "./compute";
export {
  RDS_INSTANCE,
  ELASTICACHE_REPLICATION_GROUP,
  ELASTICACHE_CLUSTER,
  MQ_BROKER,
  RABBITMQ_BROKERS,
} from "./data";
export { METRIC_ALARM, SECRET, KMS_KEY } from "./services";
export {
  INGRESS,
  WEB_ACL,
  DISTRIBUTION,
  ROUTE53_RECORD,
  PLANNED_RPS_TAG,
  RESPONSE_KIB_TAG,
  ENDPOINT_TAG,
  ALB_ANNOTATION_PREFIX,
  parseAlbTags,
  plannedRps,
} from "./edge";
export * from "./resources";
export * from "./usage";
export { EIP, VPC_ENDPOINT } from "./network";
export { FREE_RESOURCE_TYPES, freeReason } from "./coverage";
export * from "./stack";
export * from "./schedule";
