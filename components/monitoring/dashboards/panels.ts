/**
 * Minimal builders for Grafana dashboard JSON (schema v41, Grafana 11.6 / 12). Only the fields
 * the platform's panels use; everything else keeps Grafana's defaults. Hand-written because the
 * npm builders (grafonnet ports, @grafana/grafana-foundation-sdk) pull in a large generated
 * model for a few dozen lines of plain objects.
 */

/** Dashboard JSON schema version written by Grafana 11.6 and 12.x; newer Grafana migrates it on load. */
export const GRAFANA_SCHEMA_VERSION = 41;

/** Every panel and query reads the data source chosen in the `datasource` variable. */
export const DATASOURCE = { type: "prometheus", uid: "${datasource}" } as const;

/** A Prometheus query of a panel. */
export interface Query {
  expr: string;
  /** Series name in the legend, e.g. `{{service}}`. */
  legend: string;
}

/** A panel as the dashboard JSON spells it (only the fields used here are typed). */
export interface Panel {
  id: number;
  type: "timeseries" | "row";
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: typeof DATASOURCE;
  description?: string;
  targets?: {
    refId: string;
    datasource: typeof DATASOURCE;
    expr: string;
    legendFormat: string;
    range: true;
  }[];
  fieldConfig?: Record<string, unknown>;
  options?: Record<string, unknown>;
  collapsed?: boolean;
  panels?: Panel[];
}

/** Options of {@link timeseries}. */
export interface TimeseriesOptions {
  /** Grafana unit id, e.g. `reqps`, `ms`, `percent`, `short`. */
  unit: string;
  /** Draws a red threshold line at this value (the alert's threshold). */
  threshold?: number;
  /** Stack the series (for counts that add up, like nodes). @default false */
  stacked?: boolean;
  description?: string;
}

/** A time-series panel; its position is set by {@link layout}. */
export function timeseries(
  title: string,
  queries: Query[],
  opts: TimeseriesOptions,
): Omit<Panel, "id" | "gridPos"> {
  return {
    type: "timeseries",
    title,
    ...(opts.description ? { description: opts.description } : {}),
    datasource: DATASOURCE,
    targets: queries.map((q, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: DATASOURCE,
      expr: q.expr,
      legendFormat: q.legend,
      range: true,
    })),
    fieldConfig: {
      defaults: {
        unit: opts.unit,
        min: 0,
        color: { mode: "palette-classic" },
        custom: {
          drawStyle: "line",
          lineWidth: 1,
          fillOpacity: opts.stacked ? 30 : 10,
          stacking: { mode: opts.stacked ? "normal" : "none", group: "A" },
          thresholdsStyle: { mode: opts.threshold === undefined ? "off" : "line" },
        },
        thresholds: {
          mode: "absolute",
          steps: [
            { color: "green", value: null },
            ...(opts.threshold === undefined ? [] : [{ color: "red", value: opts.threshold }]),
          ],
        },
      },
      overrides: [],
    },
    options: {
      legend: {
        showLegend: true,
        displayMode: "table",
        placement: "bottom",
        calcs: ["lastNotNull", "max"],
      },
      tooltip: { mode: "multi", sort: "desc" },
    },
  };
}

/** A section heading. */
export function row(title: string): Omit<Panel, "id" | "gridPos"> {
  return { type: "row", title, collapsed: false, panels: [] };
}

/**
 * Places panels on Grafana's 24-column grid: rows span the width, other panels go two per line,
 * 8 units high. Ids are assigned in order, so they are stable between runs.
 */
export function layout(panels: Omit<Panel, "id" | "gridPos">[]): Panel[] {
  let y = 0;
  let x = 0;
  return panels.map((p, i) => {
    if (p.type === "row") {
      if (x > 0) y += 8;
      x = 0;
      const placed = { ...p, id: i + 1, gridPos: { h: 1, w: 24, x: 0, y } };
      y += 1;
      return placed;
    }
    const placed = { ...p, id: i + 1, gridPos: { h: 8, w: 12, x, y } };
    if (x === 0) x = 12;
    else {
      x = 0;
      y += 8;
    }
    return placed;
  });
}

/** A whole dashboard with the `datasource` variable and the platform's conventions. */
export function dashboard(
  uid: string,
  title: string,
  tags: string[],
  panels: Omit<Panel, "id" | "gridPos">[],
): Record<string, unknown> {
  return {
    uid,
    title,
    tags,
    editable: true,
    graphTooltip: 1,
    schemaVersion: GRAFANA_SCHEMA_VERSION,
    version: 1,
    time: { from: "now-6h", to: "now" },
    refresh: "30s",
    timezone: "browser",
    annotations: { list: [] },
    links: [],
    templating: {
      list: [
        {
          name: "datasource",
          label: "Data source",
          type: "datasource",
          query: "prometheus",
          current: {},
          hide: 0,
          includeAll: false,
          multi: false,
          options: [],
          refresh: 1,
          regex: "",
        },
      ],
    },
    panels: layout(panels),
  };
}
