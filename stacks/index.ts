export {
  parseEnvironment,
  parseStackConfig,
  SecretValue,
  environmentFromRuntime,
  loadEnvironment,
  readStackConfig,
  settingsFromConfigMap,
  listEnvironments,
  environmentKinds,
  awsEnvironments,
  stackFilePath,
} from "./load";
export { TARGET_KINDS, targetKindOf, type TargetKind } from "./kinds";
export { ConfigError } from "./errors";
export type { Environment, NodeGroupConfig } from "./schema";
export { buildPlatform } from "./platform";
export { environmentTags, clusterNameOf } from "./tags";
