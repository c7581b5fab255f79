/** The application's and the monitor's database roles: their SQL and SCRAM verifiers. Pure, no Pulumi imports. */
export * from "./app-role";
export * from "./scram";
export * from "./monitor-role";
