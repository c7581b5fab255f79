export * from "./rabbitmq";
