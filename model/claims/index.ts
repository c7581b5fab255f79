export * from "./objects";
export * from "./charts";
export * from "./addons";
export * from "./aws";
export * from "./claims";
