export * from "./addons";
export * from "./cluster";
export * from "./iam";
export * from "./irsa";
export * from "./kubeconfig";
