export {
  parseEnvironment,
  environmentFromRuntime,
  loadEnvironment,
  readStackConfig,
  settingsFromConfigMap,
  listEnvironments,
  stackFilePath,
} from "./load";
export { ConfigError } from "./errors";
export type { Environment, NodeGroupConfig } from "./schema";
export { buildPlatform } from "./platform";
export { environmentTags, clusterNameOf } from "./tags";
