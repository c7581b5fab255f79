/** The application's database role: its SQL and its SCRAM verifier. Pure, no Pulumi imports. */
export * from "./app-role";
export * from "./scram";
