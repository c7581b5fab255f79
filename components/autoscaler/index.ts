export * from "./autoscaler";
export * from "./policy";
export * from "./values";
