export * from "./addons";
export * from "./placement";
export * from "./priority";
export * from "./service";
export * from "./worker";
export {
  AutoscalingAddons,
  type AutoscalingAddonsArgs,
  Headroom,
  HttpService,
  PriorityClasses,
  QueueWorker,
} from "./workloads";
