import { buildPlatform, environmentFromRuntime } from "./stacks";

// Validation runs before anything is registered: a bad Pulumi.<env>.yaml creates nothing.
const environment = environmentFromRuntime();

export = buildPlatform(environment);
