export * from "./rabbitmq";
export * from "./url";
export * from "./declare";
export * from "./setup";
