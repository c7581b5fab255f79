// Public surface of the Grafana dashboard builders (pure; no Pulumi imports).
export {
  GRAFANA_DASHBOARD_LABEL,
  buildDashboards,
  dashboardConfigMapData,
  type GrafanaDashboard,
} from "./dashboards";
export {
  DATASOURCE,
  GRAFANA_SCHEMA_VERSION,
  dashboard,
  layout,
  row,
  timeseries,
  type Panel,
  type Query,
  type TimeseriesOptions,
} from "./panels";
