/**
 * Which folder may import which: the layering the README's dependency table describes, checked on
 * every `npm test` and alone with `npm run deps`. Type-only imports count: a type from a higher
 * layer is still a dependency pointing the wrong way.
 *
 *   index.ts  ->  stacks/  ->  components/  ->  model/
 *   policy/ (the CrossGuard pack)      uses model/ and pure component builders
 *   portal/ (the HTTP service)         uses model/, runtime/ and the environment loader
 *   runtime/ (the engine's location)   uses nothing of the project
 *   scripts/ (tools)                   uses any of the above, never tests/
 *   tests/                             uses anything
 *
 * @type {import("dependency-cruiser").IConfiguration}
 */
const HIGHER_THAN_MODEL = "^(index\\.ts|stacks|components|policy|portal|runtime|scripts|tests)/?";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "A module that imports itself through others cannot be read, tested or moved alone.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "component-folders-acyclic",
      comment:
        "Component folders form a tree: when two import each other (cluster <-> nodegroups once did), " +
        "the shared part belongs in components/shared/.",
      severity: "error",
      scope: "folder",
      from: { path: "^components/" },
      to: { path: "^components/", circular: true },
    },
    {
      name: "index-composes-through-stacks",
      comment:
        "index.ts validates the environment and hands it to stacks/; it builds nothing itself.",
      severity: "error",
      from: { path: "^index\\.ts$" },
      to: { path: "^(components|model|policy|portal|runtime|scripts|tests)/" },
    },
    {
      name: "stacks-below-index",
      comment:
        "stacks/ (schema, loader, areas, composition root) uses components/ and model/, never the " +
        "tools, services or tests built on top of it.",
      severity: "error",
      from: { path: "^stacks/" },
      to: { path: "^(index\\.ts|policy|portal|runtime|scripts|tests)/?" },
    },
    {
      name: "components-below-stacks",
      comment:
        "A component knows its own *Args, not the environment schema or the areas: errors are its " +
        "own type, which the area reports as a ConfigError with platform: keys.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^(index\\.ts|stacks|policy|portal|runtime|scripts|tests)/?" },
    },
    {
      name: "model-is-the-bottom",
      comment: "model/ is pure domain logic every other layer reuses; it imports only itself.",
      severity: "error",
      from: { path: "^model/" },
      to: { path: HIGHER_THAN_MODEL },
    },
    {
      name: "model-is-pure",
      comment:
        "No Pulumi SDK in model/: the planner, simulator and cost model run without a runtime.",
      severity: "error",
      from: { path: "^model/" },
      to: { path: "node_modules/@pulumi/" },
    },
    {
      name: "policy-uses-model",
      comment:
        "The policy pack runs in its own process over what the engine sends it: it may reuse model/ " +
        "and pure component builders, never the stacks (areas, schema) or the tools.",
      severity: "error",
      from: { path: "^policy/" },
      to: { path: "^(index\\.ts|stacks|portal|runtime|scripts|tests)/?" },
    },
    {
      name: "policy-without-providers",
      comment:
        "Nothing the pack loads may pull in a provider SDK (a component class rather than a pure builder).",
      severity: "error",
      from: { path: "^policy/" },
      to: {
        path: "node_modules/@pulumi/(aws|kubernetes|kubernetes-cert-manager|random)/",
        reachable: true,
      },
    },
    {
      name: "portal-uses-loader-and-runtime",
      comment:
        "The portal drives the engine through the Automation API: it reads environments through the " +
        "loader (stacks/load.ts) and the engine through runtime/, never the areas, components or tools.",
      severity: "error",
      from: { path: "^portal/" },
      to: {
        path: "^(index\\.ts|stacks|components|policy|scripts|tests)/?",
        pathNot: "^stacks/load\\.ts$",
      },
    },
    {
      name: "runtime-stands-alone",
      comment:
        "runtime/ locates the engine; the portal and the scripts share it, so it imports neither.",
      severity: "error",
      from: { path: "^runtime/" },
      to: { path: "^(index\\.ts|stacks|components|model|policy|portal|scripts|tests)/?" },
    },
    {
      name: "production-code-not-from-tools",
      comment: "What ships (program, pack, portal, runtime) never imports scripts/ or tests/.",
      severity: "error",
      from: { path: "^(index\\.ts|stacks|components|model|policy|portal|runtime)/?" },
      to: { path: "^(scripts|tests)/" },
    },
    {
      name: "scripts-not-from-tests",
      comment:
        "Tools (plan, bench, spike, engine runner) work in a checkout without the tests: what both " +
        "need (the mock harness, the portal harness) lives in scripts/lib/.",
      severity: "error",
      from: { path: "^scripts/" },
      to: { path: "^tests/" },
    },
    {
      name: "production-code-uses-runtime-dependencies",
      comment:
        "What ships may not need a devDependency: `npm ci --omit=dev` must be enough to run it.",
      severity: "error",
      from: { path: "^(index\\.ts|stacks|components|model|policy|portal|runtime)/?" },
      to: { dependencyTypes: ["npm-dev"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Fixture projects are separate Pulumi programs; the rest are outputs, caches and state.
    exclude: {
      path: "^(node_modules|bin|build|rendered|\\.cache|\\.state|\\.git)/|^tests/(portal|engine)/fixtures/",
    },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["require", "node"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
