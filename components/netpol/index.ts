export * from "./plan";
export * from "./netpol";
export * from "./evaluate";
