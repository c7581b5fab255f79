/**
 * PgBouncer configuration: settings, seed defaults, validation and pure renderers for
 * `pgbouncer.ini` (ConfigMap), `userlist.txt` (Secret) and the DSNs handed to workloads.
 */
export * from "./settings";
export * from "./validate";
export * from "./render";
export * from "./manifests";
export * from "./secret";
export * from "./certificates";
