export * from "./issuer";
export * from "./tls";
