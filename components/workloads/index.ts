export * from "./addons";
export * from "./placement";
export * from "./priority";
export * from "./service";
export * from "./worker";
export {
  AutoscalingAddons,
  type AutoscalingAddonsArgs,
  Headroom,
  type HeadroomArgs,
  HttpService,
  type HttpServiceArgs,
  PriorityClasses,
  QueueWorker,
  type QueueWorkerArgs,
} from "./workloads";
