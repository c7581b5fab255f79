export * from "./nodegroups";
export * from "./placement";
export * from "./schedule";
