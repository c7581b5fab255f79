export * from "./events";
export * from "./interruption";
