// Public surface of the monitoring area: the components and their pure builders.
export { Monitoring, type AlertmanagerSetup, type MonitoringArgs } from "./monitoring";
export { AwsAlerting, type AwsAlertingArgs } from "./alarms/alarms";
export { MonitoringInputError } from "./errors";
export {
  alarmThresholds,
  planDataTierAlarms,
  type AlarmSettings,
  type AlarmSpec,
  type AlarmThresholds,
  type DataTierAlarmInput,
} from "./alarms/specs";
export {
  cacheNodeSuffixes,
  rdsClassMemoryGiB,
  rdsMaxConnections,
  type CacheShape,
} from "./alarms/identifiers";
export {
  PUBLISHING_SERVICES,
  alertmanagerPublishPolicy,
  cloudwatchExporterPolicy,
  topicKeyPolicy,
  topicPolicy,
} from "./alarms/policies";
export { serviceMonitors, type ScrapeTarget } from "./stack/scrape";
export * from "./stack/values";
