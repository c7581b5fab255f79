import type * as pulumi from "@pulumi/pulumi";
import type { TargetKind } from "../kinds";
import type { Environment } from "../schema";
import type { Foundation } from "./foundation";
import type { DataEndpoints, InClusterTarget } from "./target";

/**
 * What a target without AWS supplies in place of what the AWS areas create. Each is read only
 * when an area needs it, so an environment is asked only for what it builds (no Grafana password
 * without `platform:monitoring`).
 */
export interface ExternalServices {
  /** Where PostgreSQL, Redis and RabbitMQ are, credentials as Pulumi secrets. */
  dataEndpoints(): DataEndpoints;
  /** Grafana's admin password (on AWS the `random` provider generates one). */
  grafanaAdminPassword(): pulumi.Input<string>;
}

/**
 * Where the areas build, as a target kind's site builder (`stacks/targets.ts`) sets it up: the
 * in-cluster target, and either the AWS foundation under it or the services that stand in for
 * the AWS ones.
 */
export type Site = {
  /** Where every in-cluster resource goes. */
  target: InClusterTarget;
  /** Stack outputs of the target itself (the foundation's, or the rendered folder). */
  outputs: Record<string, unknown>;
} & ({ aws: Foundation; external?: undefined } | { aws?: undefined; external: ExternalServices });

/** What an area is given. */
export interface AreaContext<Built> {
  env: Environment;
  site: Site;
  /** What the areas listed before this one built, by name. */
  built: Built;
}

/**
 * One area of the platform (data, workloads, monitoring, governance): a step of the composition
 * root in `stacks/platform.ts`. `Built` is what it reads from the areas before it; the builder
 * there checks at compile time that they come first.
 */
export interface Area<Built, Result, Prepared = undefined> {
  /**
   * Runs before the target is built, in list order; what it returns is handed to `build`. For
   * what must see every resource registered after it (the cost ledger). @default nothing
   */
  prepare?: (env: Environment, kind: TargetKind) => Prepared;
  /** Builds the area on the site; returns what later areas and the outputs read. */
  build: (ctx: AreaContext<Built>, prepared: Prepared) => Result;
  /** The area's stack outputs. Never credentials. */
  outputs: (result: Result) => Record<string, unknown>;
}
