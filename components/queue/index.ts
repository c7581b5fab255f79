export * from "./rabbitmq";
export * from "./url";
