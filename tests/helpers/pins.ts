/**
 * The versions an environment pins, found by walking its validated settings: every chart
 * (`{ repository, name, version }`) and every image setting, so a new pin joins the calendar
 * test without being listed here.
 */
import { postgresClientImage } from "../../model/catalog";
import type { Environment } from "../../stacks/load";

/** A chart pin and the settings key it came from. */
export interface ChartPin {
  key: string;
  name: string;
  version: string;
}

/** An image pin, and whether it is the organisation's own (services, workers) rather than a default. */
export interface ImagePin {
  key: string;
  ref: string;
  userSupplied: boolean;
}

function walk(v: unknown, key: string, visit: (key: string, v: unknown) => void): void {
  visit(key, v);
  if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${key}[${i}]`, visit));
  else if (v && typeof v === "object")
    for (const [k, x] of Object.entries(v)) walk(x, key ? `${key}.${k}` : k, visit);
}

/** Every chart the environment's settings pin. */
export function chartPins(env: Environment): ChartPin[] {
  const out: ChartPin[] = [];
  walk(env, "platform", (key, v) => {
    const c = v as { repository?: unknown; name?: unknown; version?: unknown };
    if (
      v &&
      typeof v === "object" &&
      typeof c.repository === "string" &&
      typeof c.name === "string" &&
      typeof c.version === "string"
    )
      out.push({ key, name: c.name, version: c.version });
  });
  return out;
}

/** Every image the environment's settings pin, plus the derived autoscaler and psql images. */
export function imagePins(env: Environment): ImagePin[] {
  const out: ImagePin[] = [];
  walk(env, "platform", (key, v) => {
    if (typeof v === "string" && /(^|\.)(image|[a-zA-Z]+Image)$/.test(key))
      out.push({ key, ref: v, userSupplied: /^platform\.(services|workers)\./.test(key) });
  });
  out.push({
    key: "platform.charts.clusterAutoscaler.imageTag",
    ref: `registry.k8s.io/autoscaling/cluster-autoscaler:${env.charts.clusterAutoscaler.imageTag}`,
    userSupplied: false,
  });
  if (env.database.clientImage === undefined)
    out.push({
      key: "platform.database.engineVersion (psql image)",
      ref: postgresClientImage(env.database.engineVersion),
      userSupplied: false,
    });
  return out;
}
