export * from "./ec2";
export * from "./regions";
export * from "./support";
export * from "./aws-limits";
export * from "./engines";
export * from "./rds";
