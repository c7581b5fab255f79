export * from "./policy";
export * from "./runner";
