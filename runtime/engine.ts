/**
 * Where scripts/engine/ensure.sh puts the Pulumi engine, and the environment that runs it offline:
 * the runtime the portal service drives and the scripts and tests share.
 *
 * Layout (ENGINE_CACHE_DIR, default <repo>/.cache/engine, then the @pulumi/pulumi version):
 *   bin/     pulumi, pulumi-language-nodejs, pulumi-resource-pulumi-nodejs, actionlint
 *   home/    a PULUMI_HOME whose plugins/ holds the providers ensure.sh built
 *   stamps/  what each piece was built from; kubernetes.version: the version the provider is
 *            registered under (see kubernetesProviderVersion)
 *
 * Why providers live in the plugin cache and not beside `pulumi`: the CLI looks beside its own
 * binary only for "bundled" plugins (language hosts, pulumi-nodejs); any other plugin there is
 * found only through PATH, which matches any version and prints "using … from $PATH" on every
 * run. `pulumi plugin install resource NAME VERSION --file BIN` puts it in PULUMI_HOME/plugins,
 * where the engine selects it by exact version. The environment below therefore also sets
 * PULUMI_IGNORE_AMBIENT_PLUGINS, so a stray plugin on PATH can never shadow the cached one.
 */
import * as fs from "fs";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "..");

/**
 * The version of an npm package recorded in the repository's package-lock.json.
 * @param name package name, e.g. "@pulumi/pulumi".
 * @param lockFile path of the lock file; defaults to <repo>/package-lock.json.
 */
export function lockedPackageVersion(
  name: string,
  lockFile = path.join(repoRoot, "package-lock.json"),
): string {
  const lock = JSON.parse(fs.readFileSync(lockFile, "utf8")) as {
    packages?: Record<string, { version?: string }>;
  };
  const version = lock.packages?.[`node_modules/${name}`]?.version;
  if (!version) {
    throw new Error(
      `${name} is not in ${lockFile} (no packages["node_modules/${name}"].version); run npm install`,
    );
  }
  return version;
}

/**
 * The engine folder for the locked @pulumi/pulumi version: the `root` to pass to the Automation
 * API's `PulumiCommand.get({ root })`, which runs `<root>/bin/pulumi`.
 * @param env environment to read ENGINE_CACHE_DIR from; defaults to process.env.
 */
export function engineRoot(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.ENGINE_CACHE_DIR
    ? path.resolve(env.ENGINE_CACHE_DIR)
    : path.join(repoRoot, ".cache", "engine");
  return path.join(cache, lockedPackageVersion("@pulumi/pulumi"));
}

/** The folder holding `pulumi` and `pulumi-language-nodejs` (what ensure.sh prints last). */
export function engineBinDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(engineRoot(env), "bin");
}

/** The PULUMI_HOME whose plugins/ folder holds the providers that ensure.sh registered. */
export function enginePluginHome(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(engineRoot(env), "home");
}

/**
 * The version the Kubernetes provider plugin was registered under by ensure.sh, or undefined when
 * it could not be built. It is the @pulumi/kubernetes version when the proxy serves that release,
 * otherwise the Go module version of the commit that was built (see README.md): the rendering
 * provider of the `local` environment asks for exactly this (`platform:render.kubernetesProviderVersion`).
 * @param env environment to read ENGINE_CACHE_DIR from; defaults to process.env.
 */
export function kubernetesProviderVersion(
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const file = path.join(engineRoot(env), "stamps", "kubernetes.version");
  const ok = path.join(engineRoot(env), "stamps", "kubernetes");
  return fs.existsSync(file) && fs.existsSync(ok)
    ? fs.readFileSync(file, "utf8").trim()
    : undefined;
}

/**
 * Passphrase of the secrets in Pulumi.local.yaml, the render-only environment. Not a secret: its
 * passwords reach only the rendered folder, never a real service (see docs/engine.md).
 */
export const LOCAL_STACK_PASSPHRASE = "platform-local-render";

/** The command that provides the engine, for error messages. */
export const ENSURE_COMMAND = "bash scripts/engine/ensure.sh";

/**
 * Throws, naming the missing file and the command to run, unless the CLI and the language host
 * are in engineBinDir(). Tests call this first so a missing engine fails loudly.
 */
export function assertEngineAvailable(env: NodeJS.ProcessEnv = process.env): void {
  for (const exe of ["pulumi", "pulumi-language-nodejs"]) {
    const file = path.join(engineBinDir(env), exe);
    if (!fs.existsSync(file)) {
      throw new Error(`The Pulumi engine is missing: no ${file}. Run \`${ENSURE_COMMAND}\` first.`);
    }
  }
}

/** Options of offlineEngineEnv. */
export interface OfflineEngineOptions {
  /** Folder of the local file backend (state); made absolute. */
  stateDir: string;
  /** Passphrase of the passphrase secrets provider; default "" (acceptable only for throwaway state). */
  passphrase?: string;
  /** PULUMI_HOME; default enginePluginHome(), shared, where the built providers are registered. */
  pulumiHome?: string;
}

/**
 * The environment variables that make the engine run without any network: local file backend,
 * passphrase secrets, no update check, no plugin downloads or registry look-ups, only cached
 * plugins, and the engine's bin folder first on PATH. Merge it over process.env for the CLI, or
 * pass it as `envVars` of an Automation API workspace. Pure: creates nothing (see
 * prepareOfflineEngine).
 * @param opts state folder, passphrase and PULUMI_HOME; see OfflineEngineOptions for defaults.
 * @param env environment to read ENGINE_CACHE_DIR and PATH from; defaults to process.env.
 */
export function offlineEngineEnv(
  opts: OfflineEngineOptions,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  if (!opts.stateDir) {
    throw new Error(
      "offlineEngineEnv: stateDir is required (the folder of the local file backend)",
    );
  }
  const stateDir = path.resolve(opts.stateDir);
  return {
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: opts.passphrase ?? "",
    PULUMI_HOME: path.resolve(opts.pulumiHome ?? enginePluginHome(env)),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
    PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
    PATH: [engineBinDir(env), env.PATH ?? ""].filter((p) => p !== "").join(path.delimiter),
  };
}

/**
 * Creates the state folder and, for a PULUMI_HOME other than the shared one, links its plugins/
 * folder to the shared plugin cache so the built providers are found; returns offlineEngineEnv.
 * @param opts as for offlineEngineEnv.
 * @param env as for offlineEngineEnv; defaults to process.env.
 */
export function prepareOfflineEngine(
  opts: OfflineEngineOptions,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const result = offlineEngineEnv(opts, env);
  fs.mkdirSync(path.resolve(opts.stateDir), { recursive: true });
  const shared = path.join(enginePluginHome(env), "plugins");
  const home = result.PULUMI_HOME;
  fs.mkdirSync(home, { recursive: true });
  const plugins = path.join(home, "plugins");
  if (path.resolve(shared) !== path.resolve(plugins) && !fs.existsSync(plugins)) {
    fs.mkdirSync(shared, { recursive: true });
    fs.symlinkSync(shared, plugins, "dir");
  }
  return result;
}
