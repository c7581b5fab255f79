export * from "./loadtests";
export * from "./manifests";
export * from "./steps";
export * from "./results";
