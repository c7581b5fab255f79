export * from "./alarms";
export * from "./cdn";
export * from "./controller";
export * from "./controller-component";
export * from "./endpoint";
export * from "./ingress";
export * from "./rate";
export * from "./waf";
